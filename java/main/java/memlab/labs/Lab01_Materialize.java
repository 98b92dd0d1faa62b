package memlab.labs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.Set;

import memlab.isolate.ChildJvm;
import memlab.isolate.ChildTask;
import memlab.lab.Budget;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Sizes;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.measure.NativeProbe;
import memlab.measure.ObjectSizes;
import memlab.nativelib.AllocStats;
import memlab.nativelib.FfmNative;
import memlab.nativelib.JnrNative;
import memlab.nativelib.NativeBuffer;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;

import static java.lang.foreign.ValueLayout.JAVA_INT;

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

    @Override
    public String id() {
        return "materialize";
    }

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String title() {
        return "Materialize: every value stored vs a range that computes them";
    }

    @Override
    public String seed() {
        return "000 Lab 1.1 (list(range()) vs range())";
    }

    @Override
    public String seedFigure() {
        return "Python, 10,000,000 values: list(range()) peak 381.46 MB (tracemalloc), object size 76.29 MB"
                + " (getsizeof); range() peak 0.0001 MB, object size ~0.";
    }

    @Override
    public String lesson() {
        return "Materializing a sequence stores every value at once; a lazy range stores where it starts, stops"
                + " and steps. On the JVM a boxed List<Integer> costs an object per value on top of the array of"
                + " references, an int[] only the 4-byte values, a lazy range a few bytes whatever its length."
                + " In C the buffer is exactly 4 bytes a value and the generator one small struct, at the price"
                + " of a call per value. A shallow size (getsizeof) sees only the container: measure deep.";
    }

    @Override
    public String countName() {
        return "values";
    }

    @Override
    public long maxCount() {
        return 20_000_000; // JOL's deep walk of a boxed list needs ~130 bytes a value of its own
    }

    @Override
    public String sizeName() {
        return null; // values are int32: 4 bytes, not a choice
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("values", params.count());
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(Integer.BYTES, 10_000_000);
    }

    @Override
    public Params quick() {
        return new Params(Integer.BYTES, 1_000_000);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        // a boxed value with its reference and the list's growth copies stays under 64 bytes
        return Budget.Plan.of(Budget.times(params.count(), Integer.BYTES), Budget.times(params.count(), 64));
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(new LabResult.Bars("retained", "Bytes retained per variant", List.of("retained_bytes")));
    }

    static List<String> variants(Side side) {
        return switch (side) {
            case HEAP -> List.of("heap_boxed_list", "heap_int_array", "heap_lazy_range");
            case FFM -> List.of("ffm_malloc_int32", "ffm_arena_int32", "ffm_lazy_generator");
            case JNR -> List.of("jnr_malloc_int32", "jnr_lazy_generator");
        };
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 01 materialize", Lab01_Materialize::variants,
                // the arena's witness is the process allocator: no JIT to malloc beside it
                variant -> variant.equals("ffm_arena_int32") ? List.of(ChildJvm.NO_JIT_FLAG) : List.of(), Variant.class);
        return result(context, reading(rows), rows);
    }

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            if (!row.metrics().containsKey("retained_bytes")) {
                parts.add(row.variant() + " " + row.labels().getOrDefault("outcome", "failed"));
                continue;
            }
            String part = row.variant() + " retains " + Sizes.format(row.longMetric("retained_bytes"));
            if (row.metrics().containsKey("deep_size_bytes")) {
                part += " (JOL shallow " + Sizes.format(row.longMetric("shallow_size_bytes")) + ", deep "
                        + Sizes.format(row.longMetric("deep_size_bytes")) + ")";
            }
            parts.add(part);
        }
        long distinctSums = rows.stream().filter(r -> r.metrics().containsKey("sum_value"))
                .mapToLong(r -> r.longMetric("sum_value")).distinct().count();
        return String.join("; ", parts) + (distinctSums == 1 ? "; every variant computed the same sum."
                : "; the sums DISAGREE: a variant is wrong.");
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

    /** One variant in a child JVM: args are {@link VariantArgs} (count = values). */
    public static final class Variant implements ChildTask {

        private static final int WARM_UP_VALUES = 16;

        @Override
        public Row run(List<String> args) {
            VariantArgs variant = VariantArgs.parse(args);
            int n = variant.countAsInt();
            Row row = new Row(variant.side(), variant.variant()).metric("values_count", n);
            NativeMemory lib = variant.side() == Side.HEAP ? null : Natives.forSide(variant.side());

            // warm-up: the same path at 16 values loads and compiles it, off the record
            Object warmUp = build(variant.variant(), WARM_UP_VALUES, lib);
            sum(variant.variant(), warmUp, WARM_UP_VALUES, lib);
            release(warmUp, lib);

            AllocStats trackedBase = FfmNative.get().allocStats(); // loads FFM before the heap baseline
            long heapBase = HeapProbe.settled().usedBytes();
            // read the process allocator right around the build: a GC in between mallocs for itself
            long allocatorBase = NativeProbe.allocatorInUseBytes();
            long allocatedBase = HeapProbe.threadAllocatedBytes();
            long started = System.nanoTime();
            Object built = build(variant.variant(), n, lib);
            long buildNanos = System.nanoTime() - started;
            long heapAllocated = HeapProbe.threadAllocatedBytes() - allocatedBase;
            long allocatorGrowth = NativeProbe.allocatorInUseBytes() - allocatorBase;
            row.metric("build_ns", buildNanos).metric("heap_allocated_bytes", heapAllocated);

            AllocStats tracked = FfmNative.get().allocStats().minus(trackedBase);
            long heapRetained = HeapProbe.settled().usedBytes() - heapBase;
            if (variant.side() == Side.HEAP) {
                long deep = ObjectSizes.deepBytes(built);
                row.metric("retained_bytes", heapRetained)
                        .metric("shallow_size_bytes", ObjectSizes.shallowBytes(built))
                        .metric("deep_size_bytes", deep);
                String note = HeapProbe.humongousNote(heapRetained, deep);
                if (note != null) {
                    row.label("why_retained_differs", note);
                }
            } else if (built instanceof MemorySegment) {
                // the arena's memory: malloc'd by the JVM, seen by the process allocator only
                row.metric("retained_bytes", allocatorGrowth)
                        .label("note", "run interpreted (-Xint) so the process allocator sees only the arena:"
                                + " its times are not comparable with the other rows'");
            } else {
                row.metric("native_allocated_bytes", tracked.totalAllocatedBytes())
                        .metric("retained_bytes", tracked.liveBytes())
                        .metric("peak_bytes", tracked.peakLiveBytes() - trackedBase.liveBytes());
            }

            started = System.nanoTime();
            long sum = sum(variant.variant(), built, n, lib);
            row.metric("sum_ns", System.nanoTime() - started).metric("sum_value", sum);
            release(built, lib);
            Reference.reachabilityFence(built);
            return row;
        }

        private static Object build(String variant, int n, NativeMemory lib) {
            return switch (variant) {
                case "heap_boxed_list" -> {
                    List<Integer> values = new ArrayList<>(); // list(range(n)): grows as Python's does
                    for (int i = 0; i < n; i++) {
                        values.add(i);
                    }
                    yield values;
                }
                case "heap_int_array" -> {
                    int[] values = new int[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = i;
                    }
                    yield values;
                }
                case "heap_lazy_range" -> new LazyRange(0, n, 1);
                case "ffm_malloc_int32", "jnr_malloc_int32" -> lib.rangeMaterialize(0, n, 1);
                case "ffm_arena_int32" -> {
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
                case "ffm_lazy_generator", "jnr_lazy_generator" -> lib.rangeNew(0, n, 1);
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            };
        }

        @SuppressWarnings("unchecked")
        private static long sum(String variant, Object built, int n, NativeMemory lib) {
            long sum = 0;
            switch (variant) {
                case "heap_boxed_list" -> {
                    for (Integer value : (List<Integer>) built) {
                        sum += value;
                    }
                }
                case "heap_int_array" -> {
                    for (int value : (int[]) built) {
                        sum += value;
                    }
                }
                case "heap_lazy_range" -> {
                    PrimitiveIterator.OfInt values = ((LazyRange) built).values();
                    while (values.hasNext()) {
                        sum += values.nextInt();
                    }
                }
                case "ffm_malloc_int32", "jnr_malloc_int32" -> {
                    NativeBuffer buffer = (NativeBuffer) built;
                    sum = lib.rangeSumBuffer(buffer.address(), buffer.count());
                }
                case "ffm_arena_int32" -> sum = FfmNative.get().rangeSumBuffer(((MemorySegment) built).address(), n);
                case "ffm_lazy_generator" -> {
                    MemorySegment range = MemorySegment.ofAddress((Long) built);
                    for (long value; (value = FfmNative.get().rangeNext(range)) != NativeMemory.RANGE_END; ) {
                        sum += value;
                    }
                }
                case "jnr_lazy_generator" -> {
                    var range = JnrNative.get().wrap((Long) built);
                    for (long value; (value = JnrNative.get().rangeNext(range)) != NativeMemory.RANGE_END; ) {
                        sum += value;
                    }
                }
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            }
            return sum;
        }

        private static void release(Object built, NativeMemory lib) {
            if (built instanceof NativeBuffer buffer) {
                lib.free(buffer.address());
            } else if (built instanceof Long range) {
                lib.free(range);
            }
            // the arena segment's confined arena is left to process exit: the child ends here
        }
    }
}
