package memlab.labs.materialize;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_INT;

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
import memlab.labs.materialize.MaterializeNative.Int32Buffer;
import memlab.labs.materialize.MaterializeNative.RangeCursor;
import memlab.measure.HeapProbe;
import memlab.measure.NativeProbe;
import memlab.measure.ObjectSizes;
import memlab.nativelib.AllocStats;
import memlab.nativelib.NativeMemory;
import memlab.util.Sizes;

/**
 * Lab 01 — materialize (seed 000, Lab 1.1: {@code list(range(n))} vs {@code range(n)}).
 *
 * <p>The seed stored ten million integers in a list (381 MB at peak, 76 MB by {@code getsizeof})
 * and compared it with a {@code range}, three numbers that compute each value when asked (~0 MB).
 * The same choice, measured on the JVM and in C, every variant summing the same values:
 *
 * <ul>
 *   <li>{@code heap_boxed_list}: {@code List<Integer>}, Python's list: one object per value plus
 *       the array of references. JOL's shallow size is {@code getsizeof} (the list alone); the
 *       deep size counts every Integer, as tracemalloc did.</li>
 *   <li>{@code heap_int_array}: {@code int[]}: the values themselves, 4 bytes each, one object.</li>
 *   <li>{@code heap_lazy_range}: a record of start, stop and step that computes values on demand.</li>
 *   <li>{@code ffm/jnr_malloc_int32}: a C buffer of int32, exactly 4 bytes a value in the tracked
 *       allocator; {@code ffm_arena_int32}: the same buffer owned by a confined arena.</li>
 *   <li>{@code ffm/jnr_lazy_generator}: C's range, a 16-byte struct advanced by one downcall per
 *       value: O(1) memory, paid for with a native call per value.</li>
 * </ul>
 *
 * <p>Each variant runs in a child JVM of its own, so one variant's garbage is not another's
 * baseline. {@code heap_allocated_bytes} is exact (HotSpot counts every byte a thread allocates,
 * growth copies of the list's array included: the nearest thing to tracemalloc's peak).
 */
public final class Lab01_Materialize implements Lab {

    static final LabInfo INFO = LabInfo.lab(1, "materialize")
            .title("Materialize: every value stored vs a range that computes them")
            .seed("000 Lab 1.1 (list(range()) vs range())", "Python, 10,000,000 values: list(range()) peak 381.46 MB"
                    + " (tracemalloc), object size 76.29 MB (getsizeof); range() peak 0.0001 MB, object size ~0.")
            .question("How much memory does it take to hold a sequence of numbers, compared with a range that"
                    + " computes each one when asked?")
            .lesson("""
                    Materializing a sequence stores every value at once; a lazy range stores where it starts, stops
                    and steps. On the JVM a boxed List<Integer> costs an object per value on top of the array of
                    references, an int[] only the 4-byte values, a lazy range a few bytes whatever its length.
                    In C the buffer is exactly 4 bytes a value and the generator one small struct, at the price
                    of a call per value. A shallow size (getsizeof) sees only the container: measure deep.""")
            // JOL's deep walk of a boxed list needs ~130 bytes a value of its own
            .count("values", "values", 20_000_000)
            // no .size(): values are int32, 4 bytes, not a choice
            .defaults(Integer.BYTES, 10_000_000)
            .quick(Integer.BYTES, 1_000_000)
            .build();

    static final Metric VALUES = Metric.count("values_count");
    static final Metric BUILD = Metric.nanos("build_ns");
    static final Metric HEAP_ALLOCATED = Metric.bytes("heap_allocated_bytes");
    static final Metric RETAINED = Metric.bytes("retained_bytes");
    static final Metric SHALLOW_SIZE = Metric.bytes("shallow_size_bytes");
    static final Metric NATIVE_ALLOCATED = Metric.bytes("native_allocated_bytes");
    static final Metric SUM_TIME = Metric.nanos("sum_ns");
    static final Metric SUM = Metric.number("sum_value");

    @Override
    public LabInfo info() {
        return INFO;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        // a boxed value with its reference and the list's growth copies stays under 64 bytes
        return Budget.Plan.of(Budget.times(params.count(), Integer.BYTES), Budget.times(params.count(), 64));
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(new LabResult.Bars("retained",
                "Retained: a materialized list holds every element, a lazy one almost nothing",
                RETAINED));
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "boxed_list", "int_array", "lazy_range");
            case FFM -> Variant.of(side, "malloc_int32", "arena_int32", "lazy_generator");
            case JNR -> Variant.of(side, "malloc_int32", "lazy_generator");
        };
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(RETAINED, "retained"),
                Column.of(Metrics.DEEP_SIZE, "JOL deep"),
                Column.of(NATIVE_ALLOCATED, "native"),
                Column.of(BUILD, "build"),
                Column.of(SUM_TIME, "sum"));
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 01 materialize", Lab01_Materialize::variants,
                // the arena's witness is the process allocator: no JIT to malloc beside it
                variant -> variant.kind().equals("arena_int32") ? List.of(JvmFlags.NO_JIT) : List.of(), Task.class);
        return result(context, reading(rows), rows);
    }

    /**
     * What holding the values costs on each side, deep, against computing them: "1,000,000 values: a
     * boxed list retains 23.3 MiB (JOL: 24 B shallow, 19.9 MiB deep), ...".
     */
    private static String reading(List<Row> rows) {
        List<String> heap = new ArrayList<>();
        Readings.finished(rows, Side.HEAP, "boxed_list").ifPresent(row -> heap.add(String.format(
                "a boxed list retains %s (JOL: %s shallow, %s deep)", Sizes.format(row.longMetric(RETAINED)),
                Sizes.format(row.longMetric(SHALLOW_SIZE)), Sizes.format(row.longMetric(Metrics.DEEP_SIZE)))));
        Readings.finished(rows, Side.HEAP, "int_array").ifPresent(row -> heap.add(
                "an int[] " + Sizes.format(row.longMetric(RETAINED))));
        // JOL's deep size: heap used moves by a few KiB whatever a lazy range holds
        Readings.finished(rows, Side.HEAP, "lazy_range").ifPresent(row -> heap.add(
                "a lazy range " + Sizes.format(row.longMetric(Metrics.DEEP_SIZE))));
        List<String> clauses = new ArrayList<>();
        if (!heap.isEmpty()) {
            clauses.add(String.join(", ", heap));
        }
        Readings.nativeFigures(inC(rows, Side.FFM), inC(rows, Side.JNR)).ifPresent(c -> clauses.add("in C " + c));
        Readings.nativeFigures(slower(rows, Side.FFM), slower(rows, Side.JNR)).ifPresent(times -> clauses.add(
                "the generator's sum is slower by " + times));
        long distinctSums = rows.stream().filter(r -> r.has(SUM)).mapToLong(r -> r.longMetric(SUM)).distinct().count();
        if (distinctSums > 1) {
            clauses.add("the sums DISAGREE: a variant is wrong");
        }
        rows.stream().filter(r -> r.has(VALUES)).findFirst().filter(r -> !clauses.isEmpty())
                .ifPresent(r -> clauses.set(0, String.format("%,d values: ", r.longMetric(VALUES)) + clauses.get(0)));
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }

    /** "a buffer holds 3.8 MiB and a generator 16 B": what a side's C variants retain. */
    private static Optional<String> inC(List<Row> rows, Side side) {
        List<String> held = new ArrayList<>();
        Readings.finished(rows, side, "malloc_int32").ifPresent(row -> held.add(
                "a buffer holds " + Sizes.format(row.longMetric(RETAINED))));
        Readings.finished(rows, side, "lazy_generator").ifPresent(row -> held.add(
                (held.isEmpty() ? "a generator holds " : "a generator ") + Sizes.format(row.longMetric(RETAINED))));
        return held.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", held));
    }

    /** "62x": the generator's sum time over the buffer's, a downcall per value against one call for all. */
    private static Optional<String> slower(List<Row> rows, Side side) {
        Optional<Row> buffer = Readings.finished(rows, side, "malloc_int32");
        return Readings.finished(rows, side, "lazy_generator").flatMap(generator -> buffer.map(b -> {
            double times = generator.doubleMetric(SUM_TIME) / b.doubleMetric(SUM_TIME);
            return String.format(times >= 10 ? "%.0fx" : "%.1fx", times);
        }));
    }

    /** Python's range: three numbers, each value computed when asked for. */
    record LazyRange(int start, int stop, int step) {

        PrimitiveIterator.OfInt values() {
            return new PrimitiveIterator.OfInt() {
                private int next = start;

                @Override
                public boolean hasNext() {
                    return next < stop;
                }

                @Override
                public int nextInt() {
                    if (next >= stop) {
                        throw new NoSuchElementException();
                    }
                    int value = next;
                    next = stop - value <= step ? stop : value + step;
                    return value;
                }
            };
        }
    }

    /** One variant in a child JVM of its own (count = values). */
    public static final class Task implements ChildTask {

        private static final int WARM_UP_VALUES = 16;

        @Override
        public Row run(VariantArgs args) {
            Variant variant = args.variant();
            int n = args.countAsInt();
            Row row = new Row(variant).metric(VALUES, n);
            NativeMemory memory = variant.side() == Side.HEAP ? null : variant.side().memory();
            MaterializeNative range = variant.side() == Side.HEAP ? null
                    : MaterializeNative.of(variant.side().binding());

            // warm-up: the same path at 16 values loads and compiles it, off the record
            Object warmUp = build(variant.kind(), WARM_UP_VALUES, range);
            sum(variant.kind(), warmUp, WARM_UP_VALUES, range);
            release(warmUp, memory);

            AllocStats trackedBase = NativeProbe.tracked(); // loads FFM before the heap baseline
            long heapBase = HeapProbe.settled().usedBytes();
            // read the process allocator right around the build: a GC in between mallocs for itself
            long allocatorBase = NativeProbe.allocatorInUseBytes();
            long allocatedBase = HeapProbe.threadAllocatedBytes();
            long started = System.nanoTime();
            Object built = build(variant.kind(), n, range);
            long buildNanos = System.nanoTime() - started;
            long heapAllocated = HeapProbe.threadAllocatedBytes() - allocatedBase;
            long allocatorGrowth = NativeProbe.allocatorInUseBytes() - allocatorBase;
            row.metric(BUILD, buildNanos).metric(HEAP_ALLOCATED, heapAllocated);

            AllocStats tracked = NativeProbe.tracked().minus(trackedBase);
            long heapRetained = HeapProbe.settled().usedBytes() - heapBase;
            if (variant.side() == Side.HEAP) {
                long deep = ObjectSizes.deepBytes(built);
                row.metric(RETAINED, heapRetained)
                        .metric(SHALLOW_SIZE, ObjectSizes.shallowBytes(built))
                        .metric(Metrics.DEEP_SIZE, deep);
                String note = HeapProbe.humongousNote(heapRetained, deep);
                if (note != null) {
                    row.label("why_retained_differs", note);
                }
            } else if (built instanceof MemorySegment) {
                // the arena's memory: malloc'd by the JVM, seen by the process allocator only
                row.metric(RETAINED, allocatorGrowth)
                        .label("note", "run interpreted (-Xint) so the process allocator sees only the arena:"
                                + " its times are not comparable with the other rows'");
            } else {
                row.metric(NATIVE_ALLOCATED, tracked.totalAllocatedBytes())
                        .metric(RETAINED, tracked.liveBytes())
                        .metric(Metrics.PEAK, tracked.peakLiveBytes() - trackedBase.liveBytes());
            }

            started = System.nanoTime();
            long sum = sum(variant.kind(), built, n, range);
            row.metric(SUM_TIME, System.nanoTime() - started).metric(SUM, sum);
            release(built, memory);
            Reference.reachabilityFence(built);
            return row;
        }

        private static Object build(String kind, int n, MaterializeNative range) {
            return switch (kind) {
                case "boxed_list" -> {
                    List<Integer> values = new ArrayList<>(); // list(range(n)): grows as Python's does
                    for (int i = 0; i < n; i++) {
                        values.add(i);
                    }
                    yield values;
                }
                case "int_array" -> {
                    int[] values = new int[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = i;
                    }
                    yield values;
                }
                case "lazy_range" -> new LazyRange(0, n, 1);
                case "malloc_int32" -> range.rangeMaterialize(0, n, 1);
                case "arena_int32" -> {
                    MemorySegment values = Arena.ofConfined().allocate(JAVA_INT, n);
                    int[] chunk = new int[4096]; // filled on the heap, copied in bulk: O(1) heap, fast
                    for (int from = 0; from < n; from += chunk.length) {
                        int length = Math.min(chunk.length, n - from);
                        for (int i = 0; i < length; i++) {
                            chunk[i] = from + i;
                        }
                        MemorySegment.copy(chunk, 0, values, JAVA_INT, (long) from * Integer.BYTES, length);
                    }
                    yield values;
                }
                case "lazy_generator" -> range.rangeNew(0, n, 1);
                default -> throw new IllegalArgumentException("unknown variant kind " + kind);
            };
        }

        @SuppressWarnings("unchecked")
        private static long sum(String kind, Object built, int n, MaterializeNative range) {
            long sum = 0;
            switch (kind) {
                case "boxed_list" -> {
                    for (Integer value : (List<Integer>) built) {
                        sum += value;
                    }
                }
                case "int_array" -> {
                    for (int value : (int[]) built) {
                        sum += value;
                    }
                }
                case "lazy_range" -> {
                    PrimitiveIterator.OfInt values = ((LazyRange) built).values();
                    while (values.hasNext()) {
                        sum += values.nextInt();
                    }
                }
                case "malloc_int32" -> {
                    Int32Buffer buffer = (Int32Buffer) built;
                    sum = range.rangeSumBuffer(buffer.address(), buffer.count());
                }
                case "arena_int32" -> sum = range.rangeSumBuffer(((MemorySegment) built).address(), n);
                case "lazy_generator" -> {
                    RangeCursor cursor = range.cursor((Long) built); // wrapped once, one downcall per value
                    for (long value; (value = cursor.next()) != MaterializeNative.RANGE_END; ) {
                        sum += value;
                    }
                }
                default -> throw new IllegalArgumentException("unknown variant kind " + kind);
            }
            return sum;
        }

        private static void release(Object built, NativeMemory memory) {
            if (built instanceof Int32Buffer buffer) {
                memory.free(buffer.address());
            } else if (built instanceof Long range) {
                memory.free(range);
            }
            // the arena segment's confined arena is left to process exit: the child ends here
        }
    }
}
