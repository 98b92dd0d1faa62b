package memlab.labs.nativeleaks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import memlab.lab.Budget;
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
import memlab.labs.nativeleaks.Task.Fate;
import memlab.measure.MemoryPolicy;
import memlab.util.Sizes;
import memlab.util.UsageException;

/**
 * Lab 14 — the JVM's own native leaks (beyond the seeds).
 *
 * <p>The leaks Java engineers chase in production are rarely their own malloc. They are JDK
 * objects a few hundred bytes big on the heap that own native memory the collector cannot see:
 * its heap looks healthy while the process grows. Each holder is made {@code --count} times,
 * in a child JVM with Native Memory Tracking on, no JIT and a fixed, pre-touched heap, so RSS and
 * malloc move only with the holders:
 *
 * <ul>
 *   <li>{@code deflater_*}: {@link java.util.zip.Deflater}, zlib's state malloc'd by the zlib inside
 *       the JDK's libzip, which calls libc directly: NMT cannot see it. Kept (the leak), closed after
 *       use (the fix: {@code close()} or try-with-resources), or dropped without {@code close()}.</li>
 *   <li>{@code thread_*}: platform threads parked forever (the leak), or released and joined. NMT
 *       sees them, reserved (the -Xss stack) and committed (what the thread touched). A parked thread
 *       is a GC root: dropping its reference changes nothing, so it has no dropped variant.</li>
 *   <li>{@code direct_*}: direct ByteBuffers of {@code --size}. Kept in a list, dropped, or taken
 *       from a bounded pool and put back (the fix: a direct buffer has no close). NMT counts them
 *       under "Other".</li>
 *   <li>{@code loader_*}: class loaders that each define one tiny class: Metaspace and class space,
 *       which NMT sees. Kept, or dropped (the fix: classes unload with their loader).</li>
 *   <li>{@code twin_kept}: plain byte arrays of a Deflater's heap size (JOL), for scale.</li>
 * </ul>
 *
 * <p>Every variant runs memlab's leak check over its holders ({@link memlab.leakcheck.LeakCheck},
 * lab 10's slope verdict) with five witnesses: the heap after a full GC, memlab's tracked allocator
 * (which none of these go through), the process allocator, RSS and NMT. Its per-holder slopes and
 * "caught by" say which witness sees which leak. A dropped variant first measures the drop with no
 * collection, then after the first collection the heap's own pressure starts, then after a full one.
 */
public final class Lab14_NativeLeaks implements Lab {

    static final LabInfo INFO = LabInfo.lab(14, "native-leaks")
            .title("The JVM's own native leaks: small heap objects that hold big native memory")
            .seed("none (beyond the seeds)", "No seed covers JDK objects that own native memory; the nearest"
                    + " is 001 Task 3's C malloc without free (lab 05).")
            .question("Which JDK objects hold far more native memory than heap, and which witness (heap, malloc,"
                    + " RSS, Native Memory Tracking) sees it?")
            .lesson("""
                    A Deflater, a thread, a direct buffer or a class loader is a few hundred bytes of heap that owns
                    kilobytes of native memory. The collector sizes itself by the heap, so the heap looks healthy while
                    the process grows; dropped holders keep their memory until a collection runs their cleaners. NMT
                    sees threads, direct buffers and Metaspace, but not the zlib behind a Deflater: only the process
                    allocator and RSS do. The fix is to release each holder: close, join, reuse.""")
            .count("holders", "holders per variant", 10_000)
            .size("direct_buffer_bytes", "bytes per direct buffer")
            .defaults(64L << 10, 1_000)
            .quick(64L << 10, 200)
            .build();

    /** Steps of the leak-check loop: each makes a tenth of the holders, then every witness is read. */
    static final int STEPS = 10;
    /** A witness "catches" a leak when its slope's lower bound passes this many bytes per holder. */
    static final long LIMIT_PER_HOLDER = 64;
    /** The bounded pool of the direct-buffer fix. */
    static final int POOL_CAPACITY = 8;
    /**
     * For the budget only, before anything runs (every printed figure is measured): what one
     * Deflater at the default level malloc'd on this project's machines (268,322 B, see
     * docs/research/lab14-jvm-native-leaks.md), rounded up.
     */
    static final long DEFLATER_PLAN_BYTES = 272L << 10;

    static final Metric HOLDERS = Metric.count("holders_count");
    static final Metric HEAP_PER_HOLDER = Metric.bytes("heap_per_holder_bytes");
    static final Metric JOL_PER_HOLDER = Metric.bytes("jol_per_holder_bytes");
    static final Metric TRACKED_PER_HOLDER = Metric.bytes("tracked_per_holder_bytes");
    static final Metric MALLOC_PER_HOLDER = Metric.bytes("malloc_per_holder_bytes");
    static final Metric RSS_PER_HOLDER = Metric.bytes("rss_per_holder_bytes");
    static final Metric NMT_PER_HOLDER = Metric.bytes("nmt_per_holder_bytes");
    /** Dropped variants: collections while the holders were made, then the garbage until the next one. */
    static final Metric GCS_WHILE_HELD = Metric.count("gcs_while_held_count");
    static final Metric GARBAGE_UNTIL_GC = Metric.bytes("heap_garbage_until_gc_bytes");
    static final Metric MALLOC_AFTER_FIRST_GC = Metric.bytes("malloc_after_first_gc_bytes");
    static final Metric MALLOC_AFTER_FULL_GC = Metric.bytes("malloc_after_full_gc_bytes");
    static final Metric NMT_AFTER_FULL_GC = Metric.bytes("nmt_after_full_gc_bytes");
    static final Metric RSS_AFTER_FULL_GC = Metric.bytes("rss_after_full_gc_bytes");
    static final Metric RSS_AFTER_TRIM = Metric.bytes("rss_after_trim_bytes");
    /** The series' NMT figure: committed bytes of every category. */
    static final Metric NMT_COMMITTED = Metric.bytes("nmt_committed_bytes");

    /** What a variant makes, and what it does with each one. */
    record Subject(Holder holder, Fate fate) {
    }

    private static final Map<String, Subject> SUBJECTS = subjects();

    private static Map<String, Subject> subjects() {
        Map<String, Subject> subjects = new LinkedHashMap<>();
        subjects.put("deflater_kept", new Subject(Holder.DEFLATER, Fate.KEPT));
        subjects.put("deflater_dropped", new Subject(Holder.DEFLATER, Fate.DROPPED));
        subjects.put("deflater_closed", new Subject(Holder.DEFLATER, Fate.RELEASED));
        subjects.put("thread_parked", new Subject(Holder.THREAD, Fate.KEPT));
        subjects.put("thread_joined", new Subject(Holder.THREAD, Fate.RELEASED));
        subjects.put("direct_kept", new Subject(Holder.DIRECT_BUFFER, Fate.KEPT));
        subjects.put("direct_dropped", new Subject(Holder.DIRECT_BUFFER, Fate.DROPPED));
        subjects.put("direct_pooled", new Subject(Holder.DIRECT_BUFFER, Fate.POOLED));
        subjects.put("loader_kept", new Subject(Holder.CLASS_LOADER, Fate.KEPT));
        subjects.put("loader_dropped", new Subject(Holder.CLASS_LOADER, Fate.DROPPED));
        subjects.put("twin_kept", new Subject(Holder.PLAIN_OBJECT, Fate.KEPT));
        return Collections.unmodifiableMap(subjects);
    }

    static Subject subject(String kind) {
        Subject subject = SUBJECTS.get(kind);
        if (subject == null) {
            throw new IllegalArgumentException("unknown lab 14 variant " + kind);
        }
        return subject;
    }

    /** The holders are the JDK's own, made from plain Java: every variant is on the heap side. */
    static List<Variant> variants(Side side) {
        return side == Side.HEAP ? Variant.of(side, SUBJECTS.keySet().toArray(String[]::new)) : List.of();
    }

    @Override
    public LabInfo info() {
        return INFO;
    }

    /** The malloc and RSS witnesses see what the allocator and the kernel's page sizes make of each holder. */
    @Override
    public Set<MemoryPolicy.Aspect> policies() {
        return EnumSet.of(MemoryPolicy.Aspect.HUGE_PAGES, MemoryPolicy.Aspect.CGROUP, MemoryPolicy.Aspect.MALLOC);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        if (params.count() < STEPS) {
            throw new UsageException("lab native-leaks needs at least " + STEPS + " holders (--count), got "
                    + params.count());
        }
        if (params.sizeBytes() > Integer.MAX_VALUE) {
            throw new UsageException("lab native-leaks makes direct buffers of at most 2 GiB (--size), got "
                    + Sizes.format(params.sizeBytes()));
        }
        // one child at a time: the most any one holds
        long deflaters = Budget.times(params.count(), DEFLATER_PLAN_BYTES);
        long buffers = Budget.times(params.count(), params.sizeBytes());
        return Budget.Plan.of(Math.max(deflaters, buffers), 0);
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(HEAP_PER_HOLDER, "heap"),
                Column.of(TRACKED_PER_HOLDER, "memlab"),
                Column.of(MALLOC_PER_HOLDER, "malloc"),
                Column.of(RSS_PER_HOLDER, "RSS"),
                Column.of(NMT_PER_HOLDER, "NMT"));
    }

    @Override
    public List<LabResult.Chart> charts() {
        // every variant is on the heap side, so one colour: a chart per comparison, told apart by line style
        String malloc = Metrics.ALLOCATOR_IN_USE.name();
        return List.of(
                new LabResult.Line("deflater-malloc", "Deflaters in malloc: kept ones climb, closed and dropped ones do not",
                        "holders", malloc, "bytes").fromStart().leaks("deflater_kept")
                        .only("deflater_kept", "deflater_dropped", "deflater_closed", "twin_kept"),
                new LabResult.Line("deflater-nmt", "The same Deflaters in NMT: nothing, as zlib mallocs on its own",
                        "holders", NMT_COMMITTED.name(), "bytes").fromStart().leaks("deflater_kept")
                        .only("deflater_kept", "deflater_closed"),
                new LabResult.Line("heap", "Heap after a full GC: a kept Deflater weighs what its plain twin does",
                        "holders", Metrics.HEAP_USED.name(), "bytes").fromStart().leaks("deflater_kept")
                        .only("deflater_kept", "twin_kept"),
                new LabResult.Line("thread-nmt", "Threads in NMT: parked ones climb, joined ones stay flat",
                        "holders", NMT_COMMITTED.name(), "bytes").fromStart().leaks("thread_parked")
                        .only("thread_parked", "thread_joined"),
                new LabResult.Line("direct-nmt", "Direct buffers in NMT: kept ones climb, pooled and dropped ones do not",
                        "holders", NMT_COMMITTED.name(), "bytes").fromStart().leaks("direct_kept")
                        .only("direct_kept", "direct_dropped", "direct_pooled"),
                new LabResult.Line("loader-nmt", "Class loaders in NMT: kept ones climb, dropped ones are unloaded",
                        "holders", NMT_COMMITTED.name(), "bytes").fromStart().leaks("loader_kept")
                        .only("loader_kept", "loader_dropped"));
    }

    @Override
    public LabResult run(LabContext context) {
        // one at a time, though no row reports a time: what a holder leaves depends on the JVM's own
        // threads (the Cleaner, monitor deflation) running within a window, which a neighbour would slow
        List<Row> rows = context.runInChildren("lab 14 native leaks", Lab14_NativeLeaks::variants,
                variant -> childFlags(context.params()), Task.class);
        return result(context, context.runs(Side.HEAP) ? reading(rows)
                : "Nothing ran: every holder of this lab is a JDK object made from plain Java, so every variant is on"
                        + " the heap side; add heap to --sides.", rows);
    }

    /**
     * NMT on, and a quiet process ({@link JvmFlags#QUIET_NATIVE}); direct memory may hold twice
     * what a run makes, since dropped buffers wait for a collection while the loop makes more.
     */
    static List<String> childFlags(Params params) {
        List<String> flags = new ArrayList<>(JvmFlags.QUIET_NATIVE);
        flags.add("-XX:NativeMemoryTracking=summary");
        flags.add("-XX:MaxDirectMemorySize=" + (Budget.times(2 * params.count() + 64, params.sizeBytes())));
        return flags;
    }

    /**
     * The ratio and the blind spot, the drop, the fixes: "A kept Deflater is 141 B of heap and 262.0 KiB
     * of malloc (1,902x), invisible to NMT (0 B); ...; each fix leaves at most 263 B of malloc per holder".
     */
    private static String reading(List<Row> rows) {
        List<String> clauses = new ArrayList<>();
        Readings.finished(rows, Side.HEAP, "deflater_kept").ifPresent(row -> clauses.add(String.format(
                "a kept Deflater is %s of heap and %s of malloc (%,dx), %s to NMT (%s)",
                Sizes.format(row.longMetric(HEAP_PER_HOLDER)), Sizes.format(row.longMetric(MALLOC_PER_HOLDER)),
                row.longMetric(MALLOC_PER_HOLDER) / Math.max(1, row.longMetric(HEAP_PER_HOLDER)),
                // as measured: NMT sees less than a tenth of what malloc does
                row.longMetric(NMT_PER_HOLDER) < row.longMetric(MALLOC_PER_HOLDER) / 10 ? "invisible" : "visible",
                Sizes.format(row.longMetric(NMT_PER_HOLDER)))));
        Readings.finished(rows, Side.HEAP, "thread_parked").ifPresent(row -> clauses.add(String.format(
                "a parked thread is %s of heap and %s of RSS, %s in NMT", Sizes.format(row.longMetric(HEAP_PER_HOLDER)),
                Sizes.format(row.longMetric(RSS_PER_HOLDER)), Sizes.format(row.longMetric(NMT_PER_HOLDER)))));
        Readings.finished(rows, Side.HEAP, "deflater_dropped").ifPresent(row -> clauses.add(String.format(
                "%,d dropped Deflaters held %s until a collection came, %s of heap garbage later",
                row.longMetric(HOLDERS), Sizes.format(row.longMetric(MALLOC_PER_HOLDER) * row.longMetric(HOLDERS)),
                Sizes.format(row.longMetric(GARBAGE_UNTIL_GC)))));
        rows.stream().filter(row -> row.outcome().finished())
                .filter(row -> subject(row.variant().kind()).fate() == Fate.RELEASED
                        || subject(row.variant().kind()).fate() == Fate.POOLED)
                .mapToLong(row -> row.longMetric(MALLOC_PER_HOLDER)).max()
                .ifPresent(most -> clauses.add("each fix leaves at most " + Sizes.format(most) + " of malloc per holder"));
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }
}
