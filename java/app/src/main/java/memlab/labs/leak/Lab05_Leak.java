package memlab.labs.leak;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import memlab.lab.Budget;
import memlab.lab.ChildTask;
import memlab.lab.Column;
import memlab.lab.JvmFlags;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Metric;
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Readings;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.measure.MemoryPolicy;
import memlab.measure.NativeProbe;
import memlab.measure.ProcessProbe;
import memlab.nativelib.NativeMemory;
import memlab.util.Sizes;

/**
 * Lab 05 — leak (seed 001, Task 3: memory_leak_demo.py).
 *
 * <p>The seed appends a 10 MB chunk of "transactions" to a global list ten times and watches
 * RSS climb; its fix is a bounded cache. memlab does the same on the heap, and the C version
 * the seed only describes ({@code malloc} and "FORGOT to free") through FFM and JNR:
 *
 * <ul>
 *   <li>{@code malloc_no_free}: every chunk malloc'd and written, none freed. The tracked
 *       allocator ends with exactly iterations x size live bytes, and RSS grows by as much.</li>
 *   <li>{@code malloc_free}: the same, freed each iteration: 0 live bytes at the end.</li>
 *   <li>{@code malloc_no_free_untouched}: the same leak, never written. The allocator's books
 *       say 100 MiB is gone, RSS barely moves: the OS backs a page only when it is first written.</li>
 *   <li>{@code unbounded_list} (heap): the seed's leak. Heap used after a full collection climbs by
 *       one chunk per iteration. A chunk is stored as 64 KiB slices: one 10 MiB array would be a G1
 *       "humongous" object occupying whole regions, and heap used would count the rounding, not
 *       the data.</li>
 *   <li>{@code bounded_cache} (heap): the seed's fix, keeping the last five chunks: the heap
 *       plateaus at five chunks.</li>
 * </ul>
 *
 * <p>Each variant runs in a fresh child JVM, so a leak stays in the process that leaked (as a real
 * leak does) and every variant starts from a clean RSS and a clean tracked allocator. Native
 * variants run with a fixed, pre-touched heap and no JIT ({@link JvmFlags#QUIET_NATIVE}): otherwise
 * each full GC shrinks the heap and RSS falls while the leak grows, and the compiler's own mallocs
 * move the process allocator by megabytes: that would measure G1 and C2, not the leak.
 */
public final class Lab05_Leak implements Lab {

    static final LabInfo INFO = LabInfo.lab(5, "leak")
            .title("Memory leak: malloc without free vs a list that only grows")
            .seed("001 Task 3 (memory_leak_demo.py)", "Python: 10 iterations x ~10 MB of dicts appended to a global"
                    + " list; RSS climbs each iteration (the seed prints no fixed figure). C: malloc(1000000) in a"
                    + " loop without free, \"after 1000 iterations -> lost 1GB\".")
            .question("What does a leak look like to the allocator, to RSS and to the garbage collector?")
            .lesson("""
                    A leak is memory still owned but never used again. In C nothing frees a forgotten malloc: the
                    tracked allocator counts every byte still live, and RSS grows once the pages are written
                    (untouched, the same leak barely moves RSS). On the heap the GC frees only unreachable
                    objects: a list that only grows is a leak the GC must keep; a bounded cache is the fix.""")
            .count("iterations", "iterations", 10_000)
            .size("size_bytes", "bytes per chunk")
            .defaults(10L << 20, 10)
            .quick(2L << 20, 8)
            .build();

    /** The seed's fix: {@code if len(leaked_transactions) > 5: pop(0)}. */
    static final int CACHE_CAPACITY = 5;

    /** Heap slices stay below G1's humongous threshold (half a region, at least 512 KiB). */
    static final int SLICE_BYTES = 64 * 1024;

    /** The kinds that leak, drawn solid in the charts. */
    private static final String[] LEAKS = {"unbounded_list", "malloc_no_free"};

    static final Metric HEAP_USED_DELTA = Metric.bytes("heap_used_delta_bytes");
    static final Metric ALLOCATOR_IN_USE_DELTA = Metric.bytes("allocator_in_use_delta_bytes");

    @Override
    public LabInfo info() {
        return INFO;
    }

    /** RSS follows what huge pages, swap and a cgroup limit let it; what freed memory does is the allocator's. */
    @Override
    public Set<MemoryPolicy.Aspect> policies() {
        return EnumSet.of(MemoryPolicy.Aspect.HUGE_PAGES, MemoryPolicy.Aspect.SWAP,
                MemoryPolicy.Aspect.CGROUP, MemoryPolicy.Aspect.MALLOC);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long all = Budget.times(params.sizeBytes(), params.count());
        return Budget.Plan.of(all, all);
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Line("rss", "RSS climbs with a leak that is written; freed and untouched memory stay flat",
                        "iteration", Metrics.RSS.name(), "bytes").fromStart().leaks(LEAKS),
                new LabResult.Line("tracked", "The allocator's books: malloc without free climbs, with free stays at zero",
                        "iteration", Metrics.TRACKED_LIVE.name(), "bytes").fromStart().leaks(LEAKS),
                new LabResult.Line("heap", "Heap after a full GC: the unbounded list climbs, the bounded cache levels off",
                        "iteration", Metrics.HEAP_USED.name(), "bytes").fromStart().leaks(LEAKS));
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "unbounded_list", "bounded_cache");
            case FFM, JNR -> Variant.of(side, "malloc_no_free", "malloc_free", "malloc_no_free_untouched");
        };
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(Metrics.TRACKED_LIVE, "tracked"),
                Column.of(Metrics.RSS_DELTA, "RSS +"),
                Column.of(HEAP_USED_DELTA, "heap +"),
                Column.of(ALLOCATOR_IN_USE_DELTA, "malloc +"));
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 05 leak", Lab05_Leak::variants,
                variant -> variant.side() == Side.HEAP ? List.of() : JvmFlags.QUIET_NATIVE, Task.class);
        return result(context, reading(rows, context.params()), rows);
    }

    /**
     * C's leak against the process's books, then the heap's list against its cache: "C leaks 16.0 MiB
     * through FFM and JNR alike, exactly 8 x 2.0 MiB, and RSS grows by as much; ...".
     */
    private static String reading(List<Row> rows, Params params) {
        long leak = params.sizeBytes() * params.count();
        List<Row> leaks = Readings.allFinished(rows, "malloc_no_free");
        List<Row> untouched = Readings.allFinished(rows, "malloc_no_free_untouched");
        List<Row> freed = Readings.allFinished(rows, "malloc_free");
        List<String> inC = new ArrayList<>();
        Readings.natives(Readings.finished(rows, Side.FFM, "malloc_no_free"),
                Readings.finished(rows, Side.JNR, "malloc_no_free"), Lab05_Leak::live).ifPresent(live -> {
            String clause = "C leaks " + live;
            if (leaks.stream().allMatch(row -> row.longMetric(Metrics.TRACKED_LIVE) == leak)) {
                clause += String.format(", exactly %d x %s,", params.count(), Sizes.format(params.sizeBytes()));
            }
            // written pages are resident: RSS follows the allocator's books
            boolean asMuch = leaks.stream().allMatch(row -> Math.abs(row.longMetric(Metrics.RSS_DELTA)
                    - row.longMetric(Metrics.TRACKED_LIVE)) <= row.longMetric(Metrics.TRACKED_LIVE) / 10);
            inC.add(clause + " and RSS grows by " + (asMuch ? "as much"
                    : Sizes.format(leaks.get(0).longMetric(Metrics.RSS_DELTA))));
        });
        // the same leak, its pages never written: in the allocator's books only
        untouched.stream().mapToLong(row -> row.longMetric(Metrics.RSS_DELTA)).max().ifPresent(rss -> {
            String unwritten = (untouched.size() > 1 ? "at most " : "only ") + Sizes.format(rss) + " if unwritten";
            if (inC.isEmpty()) {
                inC.add("a C leak of " + live(untouched.get(0)) + " moves RSS by " + unwritten);
            } else {
                inC.set(0, inC.get(0) + " (" + unwritten + ")");
            }
        });
        if (!freed.isEmpty()) {
            long rss = freed.stream().mapToLong(row -> row.longMetric(Metrics.RSS_DELTA)).min().orElseThrow();
            long inUse = freed.stream().mapToLong(row -> row.longMetric(ALLOCATOR_IN_USE_DELTA)).max().orElseThrow();
            // measured: RSS up, nothing in use: the C allocator kept freed pages for reuse
            inC.add(rss > params.sizeBytes() / 2 && inUse < params.sizeBytes() / 2
                    ? "freed each time, RSS +" + Sizes.format(rss) + " though nothing in use: the allocator kept freed"
                            + " memory (lab 12)"
                    : "freed each time, " + freed.stream().map(Lab05_Leak::live).distinct()
                            .collect(Collectors.joining(" or ")) + " stays live");
        }
        List<String> heap = new ArrayList<>();
        Readings.finished(rows, Side.HEAP, "unbounded_list").ifPresent(row -> heap.add(
                Sizes.format(row.longMetric(HEAP_USED_DELTA)) + " in the unbounded list"));
        Readings.finished(rows, Side.HEAP, "bounded_cache").ifPresent(row -> {
            long kept = row.longMetric(HEAP_USED_DELTA);
            heap.add(String.format("%s (%d chunks) in the bounded cache", Sizes.format(kept),
                    Math.round((double) kept / params.sizeBytes())));
        });
        String onHeap = heap.isEmpty() ? "" : "the heap keeps " + String.join(", ", heap);
        return (Readings.sentence(inC, "") + " "
                + Readings.sentence(List.of(onHeap), Readings.unfinished(rows))).strip();
    }

    /** The tracked allocator's live bytes: what C still owns. */
    private static String live(Row row) {
        return Sizes.format(row.longMetric(Metrics.TRACKED_LIVE));
    }

    /** One variant, measured in a child JVM of its own. */
    public static final class Task implements ChildTask {

        @Override
        public Row run(VariantArgs args) {
            Variant variant = args.variant();
            long size = args.sizeBytes();
            Iteration iteration = variant.side() == Side.HEAP ? heapIteration(variant.kind(), size)
                    : nativeIteration(variant, size);
            Row row = new Row(variant);
            Snapshot start = Snapshot.take();
            row.point(start.point(0)); // iteration 0: where the charts start each line
            long began = System.nanoTime();
            for (int i = 1; i <= args.countAsInt(); i++) {
                iteration.run();
                row.point(Snapshot.take().point(i));
            }
            long elapsed = System.nanoTime() - began;
            Snapshot end = Snapshot.take();
            return row.metric(Metrics.TRACKED_LIVE, end.trackedLive - start.trackedLive)
                    .metric(Metrics.RSS_DELTA, end.rss - start.rss)
                    .metric(HEAP_USED_DELTA, end.heapUsed - start.heapUsed)
                    .metric(ALLOCATOR_IN_USE_DELTA, end.allocatorInUse - start.allocatorInUse)
                    .metric(Metrics.ELAPSED, elapsed);
        }

        private static Iteration nativeIteration(Variant variant, long size) {
            NativeMemory memory = variant.side().memory();
            LeakNative leak = LeakNative.of(variant.side().binding());
            memory.free(leak.leakChunk(4096, true)); // warm-up: the first calls load and link the stubs, off the record
            return switch (variant.kind()) {
                // leaks: the address is dropped, nothing frees the chunk
                case "malloc_no_free" -> () -> requireChunk(leak.leakChunk(size, true), size);
                case "malloc_free" -> () -> memory.free(requireChunk(leak.leakChunk(size, true), size));
                // leaks too, but no page is ever written
                case "malloc_no_free_untouched" -> () -> requireChunk(leak.leakChunk(size, false), size);
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            };
        }

        private static Iteration heapIteration(String kind, long size) {
            return switch (kind) {
                case "unbounded_list" -> {
                    List<byte[][]> leakedTransactions = new ArrayList<>(); // leaks: only ever appended to
                    yield () -> leakedTransactions.add(writtenChunk(size));
                }
                case "bounded_cache" -> {
                    Deque<byte[][]> recentTransactions = new ArrayDeque<>();
                    yield () -> {
                        recentTransactions.addLast(writtenChunk(size));
                        if (recentTransactions.size() > CACHE_CAPACITY) {
                            recentTransactions.removeFirst(); // the fix: the oldest becomes garbage
                        }
                    };
                }
                default -> throw new IllegalArgumentException("unknown heap variant " + kind);
            };
        }

        /** {@code size} bytes of "transaction data", written, in slices of at most SLICE_BYTES. */
        private static byte[][] writtenChunk(long size) {
            int slices = Math.toIntExact((size + SLICE_BYTES - 1) / SLICE_BYTES);
            byte[][] chunk = new byte[slices][];
            for (int i = 0; i < slices; i++) {
                chunk[i] = new byte[(int) Math.min(SLICE_BYTES, size - (long) i * SLICE_BYTES)];
                Arrays.fill(chunk[i], (byte) 0xA5);
            }
            return chunk;
        }

        private static long requireChunk(long address, long size) {
            if (address == 0) {
                throw new OutOfMemoryError("malloc(" + size + ") returned NULL");
            }
            return address;
        }
    }

    private interface Iteration {
        void run();
    }

    /** What one point of the series records; heap is measured after a full GC. */
    private record Snapshot(long rss, long trackedLive, long heapUsed, long allocatorInUse) {
        static Snapshot take() {
            long heapUsed = HeapProbe.settled().usedBytes();
            var process = ProcessProbe.now();
            return new Snapshot(process.residentBytes(), NativeProbe.trackedLiveBytes(), heapUsed,
                    process.allocatorInUseBytes());
        }

        /** This snapshot as the series point of an iteration. */
        Map<String, Number> point(int iteration) {
            Map<String, Number> point = new LinkedHashMap<>();
            point.put("iteration", iteration);
            point.put(Metrics.RSS.name(), rss);
            point.put(Metrics.TRACKED_LIVE.name(), trackedLive);
            point.put(Metrics.HEAP_USED.name(), heapUsed);
            point.put(Metrics.ALLOCATOR_IN_USE.name(), allocatorInUse);
            return point;
        }
    }
}
