package memlab.labs.nativeleaks;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import memlab.lab.ChildTask;
import memlab.lab.Metrics;
import memlab.lab.Row;
import memlab.lab.VariantArgs;
import memlab.leakcheck.LeakCheck;
import memlab.leakcheck.LeakReport;
import memlab.measure.HeapProbe;
import memlab.measure.NativeProbe;
import memlab.measure.NmtProbe;
import memlab.measure.ProcessProbe;
import memlab.nativelib.FfmNative;
import memlab.nativelib.ProcessStats;
import memlab.util.Sizes;

import static memlab.labs.nativeleaks.Lab14_NativeLeaks.GARBAGE_UNTIL_GC;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.GCS_WHILE_HELD;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.HEAP_PER_HOLDER;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.HOLDERS;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.JOL_PER_HOLDER;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.LIMIT_PER_HOLDER;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.MALLOC_AFTER_FIRST_GC;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.MALLOC_AFTER_FULL_GC;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.MALLOC_PER_HOLDER;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.NMT_AFTER_FULL_GC;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.NMT_PER_HOLDER;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.RSS_AFTER_FULL_GC;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.RSS_AFTER_TRIM;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.RSS_PER_HOLDER;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.STEPS;
import static memlab.labs.nativeleaks.Lab14_NativeLeaks.TRACKED_PER_HOLDER;

/**
 * One variant of lab 14, in a child JVM with Native Memory Tracking on, no JIT and a fixed heap.
 * Every variant runs the leak check's loop ({@link LeakCheck}): {@link Lab14_NativeLeaks#STEPS}
 * steps, each making its share of the holders, with every witness read after every step, so the
 * slopes say which witness sees the memory. A dropped variant first measures the drop itself,
 * with no collection: what stays held, until which collection.
 */
public final class Task implements ChildTask {

    private static final String HEAP = LeakCheck.HEAP;
    private static final String TRACKED = LeakCheck.TRACKED;
    private static final String MALLOC = LeakCheck.ALLOCATOR;
    private static final String RSS = LeakCheck.RESIDENT;
    private static final String NMT = "Native Memory Tracking (committed)";
    /** The short names the "caught by" label uses, in the lab's column order. */
    private static final Map<String, String> SHORT = Map.of(HEAP, "heap", TRACKED, "memlab", MALLOC, "malloc",
            RSS, "RSS", NMT, "NMT");
    private static final List<String> WITNESSES = List.of(HEAP, TRACKED, MALLOC, RSS, NMT);
    private static final String OBJECT_MONITORS = "Object Monitors";

    /** Heap garbage the churn may make while waiting for the first collection (64 MiB heap: ample). */
    private static final long MAX_CHURN_BYTES = 1L << 30;
    /** How long a drop may wait for the cleaners to run after a collection. */
    private static final long CLEANER_WAIT_NANOS = 300_000_000L;
    /** How often it reads malloc meanwhile. */
    private static final long CLEANER_POLL_NANOS = 50_000L;

    private static volatile Object sink;

    /** One sampler object for the warm-up and the loop: a method reference made anew would load a class. */
    private static final LongSupplier NMT_COMMITTED = Task::nmtCommitted;

    @Override
    public Row run(VariantArgs args) {
        Lab14_NativeLeaks.Subject subject = Lab14_NativeLeaks.subject(args.kind());
        Holder holder = subject.holder();
        int perStep = Math.toIntExact(args.count() / STEPS);
        int holders = perStep * STEPS;
        Row row = new Row(args.variant()).metric(HOLDERS, holders).metric(JOL_PER_HOLDER, holder.jolBytes());
        LeakCheck.Body step = step(subject, args.sizeBytes(), perStep);
        warmUp(holder, args.sizeBytes());
        if (subject.fate() == Fate.RELEASED || subject.fate() == Fate.POOLED) {
            runOnce(step); // a fix's first step fills what it reuses (the pool, glibc's cache of thread stacks)
        }
        if (subject.fate() == Fate.DROPPED) {
            dropUntilCollected(row, holder, holders, args.sizeBytes());
        }
        loop(row, subject.fate(), step, perStep);
        return row;
    }

    /** What the lab does with each holder it makes. */
    enum Fate {
        /** Kept in a list, never released: the leak. */
        KEPT,
        /** Released the way its API says (close, join): the fix. */
        RELEASED,
        /** Taken from a bounded pool and put back: the fix for what has no release. */
        POOLED,
        /** Dropped, unreleased: held until a collection finds it unreachable. */
        DROPPED
    }

    private static LeakCheck.Body step(Lab14_NativeLeaks.Subject subject, long bufferBytes, int perStep) {
        Holder holder = subject.holder();
        return switch (subject.fate()) {
            case KEPT -> {
                List<Object> kept = new ArrayList<>(); // leaks: reachable, never released
                yield () -> {
                    for (int i = 0; i < perStep; i++) {
                        kept.add(holder.make(bufferBytes));
                    }
                    Reference.reachabilityFence(kept);
                };
            }
            case RELEASED -> () -> {
                for (int i = 0; i < perStep; i++) {
                    holder.release(holder.make(bufferBytes)); // the fix: released as soon as it is used
                }
            };
            case POOLED -> {
                Holder.DirectPool pool = new Holder.DirectPool(Lab14_NativeLeaks.POOL_CAPACITY, bufferBytes);
                yield () -> {
                    for (int i = 0; i < perStep; i++) {
                        ByteBuffer buffer = pool.acquire(); // the fix: reused, never one per use
                        buffer.putLong(0, i);
                        pool.release(buffer);
                    }
                };
            }
            case DROPPED -> () -> {
                for (int i = 0; i < perStep; i++) {
                    sink = holder.make(bufferBytes); // leaks until a collection: dropped without release
                }
                sink = null;
            };
        };
    }

    private static void runOnce(LeakCheck.Body step) {
        try {
            step.run();
        } catch (Throwable t) {
            throw new IllegalStateException("a warm-up step failed: " + t, t);
        }
    }

    /**
     * Two holders made and released, and every probe read once, through the same check and witness
     * objects the loop uses: class loading and first mallocs (a lambda's class is Metaspace, which
     * NMT sees) off the record.
     */
    private static void warmUp(Holder holder, long bufferBytes) {
        for (int i = 0; i < 2; i++) {
            Object made = holder.make(bufferBytes);
            if (holder != Holder.DIRECT_BUFFER) {
                holder.release(made);
            }
        }
        Snapshot.settled();
        LeakCheck.iterations(5).warmUp(0).exactNativeWitness(false).witness(NMT, 0, NMT_COMMITTED).measure(() -> { });
    }

    /**
     * The step loop under the leak check: slopes per holder for every witness, and which caught it.
     * A dropped variant keeps its figures from the drop and takes only the verdicts.
     */
    private static void loop(Row row, Fate fate, LeakCheck.Body step, int perStep) {
        Snapshot start = Snapshot.settled();
        // the lab compares the witnesses a process has on its own: no profiler hooking every malloc
        LeakReport report = LeakCheck.iterations(STEPS).warmUp(0).exactNativeWitness(false)
                .heapBytesPerIteration(LIMIT_PER_HOLDER * perStep)
                .nativeBytesPerIteration(LIMIT_PER_HOLDER * perStep)
                .allocatorBytesPerIteration(LIMIT_PER_HOLDER * perStep)
                .witness(NMT, LIMIT_PER_HOLDER * perStep, NMT_COMMITTED)
                .measure(step);
        Snapshot end = Snapshot.now();
        // the heap after a full GC for every fate: a dropped holder is then unreachable, so ~0
        row.metric(HEAP_PER_HOLDER, perHolder(report, HEAP, perStep));
        if (fate != Fate.DROPPED) {
            row.metric(TRACKED_PER_HOLDER, perHolder(report, TRACKED, perStep))
                    .metric(MALLOC_PER_HOLDER, perHolder(report, MALLOC, perStep))
                    .metric(RSS_PER_HOLDER, perHolder(report, RSS, perStep))
                    .metric(NMT_PER_HOLDER, perHolder(report, NMT, perStep))
                    .label("nmt_categories", categories(start.nmt(), end.nmt(), (long) perStep * STEPS));
            long monitors = end.nmt().getOrDefault(OBJECT_MONITORS, 0L) - start.nmt().getOrDefault(OBJECT_MONITORS, 0L);
            if (fate == Fate.RELEASED && monitors >= LIMIT_PER_HOLDER * perStep * STEPS) {
                row.label("left_behind", "an inflated monitor per join() (" + Sizes.format(monitors / ((long) perStep * STEPS))
                        + " per holder in NMT's " + OBJECT_MONITORS + "): join() waits on the thread's monitor, and the"
                        + " JVM deflates idle ones later, on a thread of its own");
            }
        }
        List<String> caught = WITNESSES.stream().filter(name -> judged(report, name, perStep).leaks())
                .map(SHORT::get).toList();
        row.label("caught_by", caught.isEmpty() ? "none" : String.join(", ", caught));
        // the series: every witness after every step, from the loop's own start
        Map<String, Number> origin = new LinkedHashMap<>();
        origin.put("holders", 0);
        origin.put(Metrics.HEAP_USED.name(), start.heapUsed());
        origin.put(Metrics.ALLOCATOR_IN_USE.name(), start.malloc());
        origin.put(Metrics.RSS.name(), start.rss());
        origin.put(Lab14_NativeLeaks.NMT_COMMITTED.name(), start.nmtTotal());
        row.point(origin);
        for (int i = 0; i < STEPS; i++) {
            Map<String, Number> point = new LinkedHashMap<>();
            point.put("holders", (i + 1) * perStep);
            point.put(Metrics.HEAP_USED.name(), (long) report.witness(HEAP).samples()[i]);
            point.put(Metrics.ALLOCATOR_IN_USE.name(), (long) report.witness(MALLOC).samples()[i]);
            point.put(Metrics.RSS.name(), (long) report.witness(RSS).samples()[i]);
            point.put(Lab14_NativeLeaks.NMT_COMMITTED.name(), (long) report.witness(NMT).samples()[i]);
            row.point(point);
        }
    }

    /** RSS has no limit in the leak check (the heap's sizing moves it); here the heap is fixed, so it is judged too. */
    private static LeakReport.Witness judged(LeakReport report, String name, int perStep) {
        LeakReport.Witness witness = report.witness(name);
        return witness.limitPerIteration() != null ? witness
                : new LeakReport.Witness(name, LIMIT_PER_HOLDER * perStep, witness.samples(), witness.fit());
    }

    private static long perHolder(LeakReport report, String witness, int perStep) {
        return Math.round(report.witness(witness).fit().slope() / perStep);
    }

    /**
     * The unreachable case: all holders made, then dropped. What stays held with no collection,
     * after the first collection the heap's own pressure starts, and after a full one.
     */
    private static void dropUntilCollected(Row row, Holder holder, int holders, long bufferBytes) {
        Snapshot base = Snapshot.settled();
        List<Object> made = new ArrayList<>(holders);
        for (int i = 0; i < holders; i++) {
            made.add(holder.make(bufferBytes));
        }
        made = null; // dropped: unreachable, nothing released
        Snapshot dropped = Snapshot.now();
        row.metric(GCS_WHILE_HELD, dropped.gcCount() - base.gcCount())
                .metric(MALLOC_PER_HOLDER, (dropped.malloc() - base.malloc()) / holders)
                .metric(RSS_PER_HOLDER, (dropped.rss() - base.rss()) / holders)
                .metric(NMT_PER_HOLDER, (dropped.nmtTotal() - base.nmtTotal()) / holders)
                .metric(TRACKED_PER_HOLDER, (dropped.tracked() - base.tracked()) / holders)
                .label("nmt_categories", categories(base.nmt(), dropped.nmt(), holders));

        // the heap's own pressure: small garbage until the collector decides to run
        long allocated = HeapProbe.threadAllocatedBytes();
        long collections = HeapProbe.gcCount();
        while (HeapProbe.gcCount() == collections && HeapProbe.threadAllocatedBytes() - allocated < MAX_CHURN_BYTES) {
            sink = new byte[1024];
        }
        sink = null;
        row.metric(GARBAGE_UNTIL_GC, HeapProbe.threadAllocatedBytes() - allocated);
        Snapshot firstGc = awaitCleaners(base, dropped, Snapshot::now);
        row.metric(MALLOC_AFTER_FIRST_GC, firstGc.malloc() - base.malloc());

        Snapshot fullGc = awaitCleaners(base, dropped, Snapshot::settled);
        row.metric(MALLOC_AFTER_FULL_GC, fullGc.malloc() - base.malloc())
                .metric(NMT_AFTER_FULL_GC, fullGc.nmtTotal() - base.nmtTotal())
                .metric(RSS_AFTER_FULL_GC, fullGc.rss() - base.rss());
        // freed memory stays resident in glibc until trimmed (lab 12); other C libraries have no trim,
        // and a figure "after" a trim that did not run would be a second RSS-after-GC under another name
        if (FfmNative.get().allocatorTrim() != ProcessStats.UNSUPPORTED) {
            row.metric(RSS_AFTER_TRIM, ProcessProbe.residentBytes() - base.rss());
        }
    }

    /**
     * Cleaners run after the collection, on their own thread: reads until malloc is back within a
     * tenth of what the drop held, or {@link #CLEANER_WAIT_NANOS} passed (what is left is then held).
     */
    private static Snapshot awaitCleaners(Snapshot base, Snapshot dropped, Supplier<Snapshot> read) {
        long deadline = System.nanoTime() + CLEANER_WAIT_NANOS;
        Snapshot collected = read.get();
        long tenth = (dropped.malloc() - base.malloc()) / 10;
        if (collected.malloc() - base.malloc() <= tenth) {
            return collected;
        }
        // malloc alone while waiting: NMT's report is too costly to read in a loop. Parked, not spinning,
        // between reads: the Cleaner thread, or a child beside this one, needs the core
        while (NativeProbe.allocatorInUseBytes() - base.malloc() > tenth && System.nanoTime() < deadline) {
            LockSupport.parkNanos(CLEANER_POLL_NANOS);
        }
        return Snapshot.now();
    }

    /** "Thread +110.4 KiB, Internal +1.7 KiB": the NMT categories that moved most, per holder. */
    static String categories(Map<String, Long> before, Map<String, Long> after, long holders) {
        if (after.isEmpty()) {
            return "NMT off";
        }
        List<Map.Entry<String, Long>> moved = after.entrySet().stream()
                .filter(e -> !e.getKey().equals(NmtProbe.TOTAL_CATEGORY))
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / holders))
                .filter(e -> Math.abs(e.getValue()) >= LIMIT_PER_HOLDER)
                .sorted(Comparator.comparingLong((Map.Entry<String, Long> e) -> -Math.abs(e.getValue())))
                .limit(3).toList();
        return moved.isEmpty() ? "none moved by " + LIMIT_PER_HOLDER + " B or more per holder"
                : moved.stream().map(e -> e.getKey() + " " + (e.getValue() > 0 ? "+" : "") + Sizes.format(e.getValue()))
                        .collect(Collectors.joining(", ")) + " per holder";
    }

    private static long nmtCommitted() {
        return NmtProbe.committedByCategory().getOrDefault(NmtProbe.TOTAL_CATEGORY, 0L);
    }

    /** Every witness at one instant (the heap after full collections when settled). */
    record Snapshot(long heapUsed, long tracked, long malloc, long rss, Map<String, Long> nmt, long gcCount) {
        static Snapshot now() {
            return read(HeapProbe.now().usedBytes());
        }

        static Snapshot settled() {
            return read(HeapProbe.settled().usedBytes());
        }

        private static Snapshot read(long heapUsed) {
            var process = ProcessProbe.now();
            // NMT last: its report mallocs for itself
            return new Snapshot(heapUsed, NativeProbe.trackedLiveBytes(), process.allocatorInUseBytes(),
                    process.residentBytes(), NmtProbe.committedByCategory(), HeapProbe.gcCount());
        }

        long nmtTotal() {
            return nmt.getOrDefault(NmtProbe.TOTAL_CATEGORY, 0L);
        }
    }
}
