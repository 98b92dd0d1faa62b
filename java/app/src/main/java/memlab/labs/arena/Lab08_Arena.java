package memlab.labs.arena;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

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
import memlab.util.Sizes;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Lab 08 — arena (product card): who frees off-heap memory, and when.
 *
 * <p>Each variant allocates the same bytes, writes them, lets go of them the way its API says,
 * and measures the memory three times: held, right after the release call (or after the last
 * reference is dropped), and after garbage collection. The answer is read off those figures
 * ({@link Task}), never off the variant's name:
 *
 * <ul>
 *   <li>{@code Arena.ofConfined()} / {@code ofShared()}: freed by {@code close()}, at once.</li>
 *   <li>{@code Arena.ofAuto()}, {@code ByteBuffer.allocateDirect}, JNR {@code Memory.allocateDirect}:
 *       freed by the GC's Cleaner, some time after the last reference goes.</li>
 *   <li>{@code Arena.global()}: never, until the process exits.</li>
 *   <li>{@code memlab_malloc} through FFM or JNR: by {@code free()}, or never.</li>
 *   <li>{@code byte[]}: by the GC, on the heap.</li>
 * </ul>
 *
 * <p>Every variant runs in a child JVM with {@code -XX:NativeMemoryTracking=summary} and no JIT,
 * so NMT's "Other" category is read beside the process allocator (mallinfo2 on glibc), and both
 * move only with the variant. What each variant allocates, which witness measures it and how it
 * lets go is in {@link Subject}. The arena's safety is shown, not crashed: the misuses in
 * {@link #run} execute in this JVM, each in a row of its own, with the exception that refused it.
 */
public final class Lab08_Arena implements Lab {

    static final LabInfo INFO = LabInfo.lab(8, "arena")
            .title("Arenas: who frees off-heap memory, and when")
            .seed("product card (FFM arenas beside malloc/free and the GC)", "No seed figure: the seeds' languages"
                    + " free native memory only through their runtime. Expected: close() frees at once, Cleaner-based"
                    + " memory waits for a GC, global never.")
            .question("Who frees off-heap memory, and when: an arena's close(), the garbage collector, free(), or"
                    + " nobody at all?")
            .lesson("""
                    An Arena ties off-heap memory to a lifetime. A confined or shared arena frees everything at
                    close(); an auto arena and a direct ByteBuffer wait for the GC to find them unreachable; the
                    global arena never frees. Closed memory cannot be touched again: FFM refuses access after
                    close, out of bounds and from a foreign thread, where C would read freed memory. NMT sees the
                    JVM's off-heap memory ("Other") but not what C mallocs by itself.""")
            .count("blocks", "blocks", 1_000)
            .size("size_bytes", "bytes per block")
            .defaults(32L << 20, 1)
            .quick(8L << 20, 1)
            .build();

    /** A release counts as done when less than this share of the bytes is still measured. */
    static final double RELEASED_SHARE = 0.25;
    /** At most this many collections to wait for a Cleaner before concluding nobody frees the memory. */
    static final int MAX_GC_ROUNDS = 50;
    /**
     * Fewer when this many collections in a row free none of it: a Cleaner runs within the first
     * one or two (measured: one, for every variant a Cleaner frees), so five that free nothing mean
     * nothing will.
     */
    static final int FRUITLESS_GC_ROUNDS = 5;

    /** NMT on, and no JIT: the process allocator then moves only with the lab's own allocations. */
    static final List<String> CHILD_FLAGS = List.of("-XX:NativeMemoryTracking=summary", JvmFlags.NO_JIT);

    /** What NMT's "Other" category grew by while the blocks were held. */
    static final Metric NMT_OTHER_HELD = Metric.bytes("nmt_other_held_bytes");
    /** JOL's exact size of the heap arrays held. */
    static final Metric JOL_SIZE = Metric.bytes("jol_size_bytes");
    /** What the witness still measures right after the release call. */
    static final Metric AFTER_RELEASE = Metric.bytes("after_release_bytes");
    /** What the witness still measures after the collections. */
    static final Metric AFTER_GC = Metric.bytes("after_gc_bytes");
    static final Metric GC_ROUNDS = Metric.count("gc_rounds_count");
    /** 1 when a misuse was refused with the expected exception, 0 otherwise. */
    static final Metric REFUSED = Metric.count("refused_count");

    /** What the reading calls each allocation: the API a reader would write. */
    private static final Map<String, String> NAMES = Map.of("byte_array", "byte[]",
            "direct_byte_buffer", "direct ByteBuffer", "confined_arena", "confined arena",
            "shared_arena", "shared arena", "auto_arena", "auto arena", "global_arena", "global arena",
            "malloc_free", "malloc", "memory_allocate_direct", "JNR Memory");

    @Override
    public LabInfo info() {
        return INFO;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long all = Budget.times(params.sizeBytes(), params.count());
        return Budget.Plan.of(all, all).sideBySide();
    }

    /** The allocation variants of a side, each run in a child JVM, in the order they are shown. */
    static List<Variant> allocationVariants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "byte_array", "direct_byte_buffer");
            case FFM -> Variant.of(side, "confined_arena", "shared_arena", "auto_arena", "global_arena", "malloc_free");
            case JNR -> Variant.of(side, "malloc_free", "memory_allocate_direct");
        };
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(Metrics.HELD, "held"),
                Column.of(AFTER_RELEASE, "after release"),
                Column.of(AFTER_GC, "after GC"),
                Column.of(GC_ROUNDS, "GCs"),
                Column.of(REFUSED, "refused"));
    }

    @Override
    public LabResult run(LabContext context) {
        // each child reports bytes, counts and outcomes of its own process, no time: one child per core
        List<Row> rows = new ArrayList<>(context.runSideBySide("lab 08 arena", Lab08_Arena::allocationVariants,
                variant -> CHILD_FLAGS, Task.class));
        if (context.runs(Side.FFM)) {
            rows.add(refusal(new Variant(Side.FFM, "use_after_close"), IllegalStateException.class, () -> {
                MemorySegment segment;
                try (Arena arena = Arena.ofConfined()) {
                    segment = arena.allocate(16);
                }
                segment.get(JAVA_BYTE, 0);
            }));
            rows.add(refusal(new Variant(Side.FFM, "out_of_bounds"), IndexOutOfBoundsException.class, () -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment segment = arena.allocate(16);
                    segment.get(JAVA_BYTE, 16);
                }
            }));
            rows.add(refusal(new Variant(Side.FFM, "wrong_thread"), WrongThreadException.class, () -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment segment = arena.allocate(16);
                    try {
                        CompletableFuture.runAsync(() -> segment.get(JAVA_BYTE, 0)).get();
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                }
            }));
        }
        if (context.runs(Side.HEAP)) {
            rows.add(refusal(new Variant(Side.HEAP, "out_of_bounds"), IndexOutOfBoundsException.class, () -> {
                byte[] array = new byte[16];
                array[array.length] = 1;
            }));
        }
        return result(context, reading(rows), rows);
    }

    private interface Misuse {
        void run() throws Throwable;
    }

    /** Runs a misuse and records, under "result", whether it was refused with the expected exception. */
    private static Row refusal(Variant variant, Class<? extends Throwable> expected, Misuse misuse) {
        Row row = new Row(variant);
        try {
            misuse.run();
            return row.metric(REFUSED, 0).label("result", "NOT refused: the access went through");
        } catch (Throwable thrown) {
            boolean asExpected = expected.isInstance(thrown);
            return row.metric(REFUSED, asExpected ? 1 : 0)
                    .label("result", "refused with " + thrown.getClass().getSimpleName()
                            + (asExpected ? "" : " (expected " + expected.getSimpleName() + ")"))
                    .label("message", firstLine(thrown.getMessage()));
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /**
     * Who gave the memory back, and when, read off each row's measured release: "Freed at once: confined
     * arena and shared arena by close(), malloc by free(); by the GC after 1 collection: ...; never: ...".
     */
    private static String reading(List<Row> rows) {
        Map<String, List<String>> atOnce = new LinkedHashMap<>(); // by the call that freed them
        Map<Long, List<String>> byGc = new TreeMap<>(); // by the collections it took
        List<String> never = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        for (Row row : rows) {
            String freedBy = row.labels().get("released_by");
            if (freedBy == null || !row.outcome().finished()) {
                continue;
            }
            String name = NAMES.getOrDefault(row.variant().kind(), row.name());
            if (freedBy.endsWith(", at once")) {
                addOnce(atOnce.computeIfAbsent(freedBy.substring(0, freedBy.length() - ", at once".length()),
                        call -> new ArrayList<>()), name);
            } else if (row.longMetric(Metrics.HELD) <= 0) {
                unseen.add(name);
            } else if (freedBy.startsWith("nobody")) {
                never.add(String.format("the %s still held %s after %d collections", name,
                        Sizes.format(row.longMetric(AFTER_GC)), row.longMetric(GC_ROUNDS)));
            } else {
                addOnce(byGc.computeIfAbsent(row.longMetric(GC_ROUNDS), rounds -> new ArrayList<>()), name);
            }
        }
        List<String> clauses = new ArrayList<>();
        if (!atOnce.isEmpty()) {
            clauses.add("freed at once: " + atOnce.entrySet().stream()
                    .map(e -> String.join(" and ", e.getValue()) + " by " + e.getKey())
                    .collect(Collectors.joining(", ")));
        }
        byGc.forEach((rounds, names) -> clauses.add(String.format("by the GC after %d collection%s: %s", rounds,
                rounds == 1 ? "" : "s", String.join(", ", names))));
        if (!never.isEmpty()) {
            clauses.add("never: " + String.join(", ", never));
        }
        if (!unseen.isEmpty()) {
            clauses.add("not seen by its witness: " + String.join(", ", unseen));
        }
        long misuses = rows.stream().filter(r -> r.has(REFUSED)).count();
        long refused = rows.stream().filter(r -> r.has(REFUSED)).mapToLong(r -> r.longMetric(REFUSED)).sum();
        if (misuses > 0) {
            clauses.add(misuses == 1 ? (refused == 1 ? "the misuse was refused" : "the misuse was NOT refused")
                    : refused == misuses ? "all " + misuses + " misuses were refused"
                    : "only " + refused + " of " + misuses + " misuses were refused");
        }
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }

    /** FFM's and JNR's malloc are one name. */
    private static void addOnce(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }
}
