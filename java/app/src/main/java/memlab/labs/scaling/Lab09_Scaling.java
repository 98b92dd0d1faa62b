package memlab.labs.scaling;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import memlab.lab.Budget;
import memlab.lab.ChildTask;
import memlab.lab.Column;
import memlab.lab.JvmFlags;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Metric;
import memlab.lab.Params;
import memlab.lab.Readings;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.measure.LinearFit;
import memlab.measure.NativeProbe;
import memlab.measure.ObjectSizes;
import memlab.nativelib.NativeMemory;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Lab 09 — scaling (seed 002 §1: memory per object, 10 and 100 landmarks).
 *
 * <p>The seed built 100 to 2000 specimens of 2-D landmarks and divided peak memory by the count:
 * ~4 KB per object with 10 landmarks, 64 KB with 100, in Python. memlab builds the same specimens
 * at each size, measures each size once with the side's witness, and fits bytes = a + b x objects
 * by least squares ({@link LinearFit}): b, a and R² are the row's per_object, intercept and
 * r_squared metrics, and the series holds the measured points.
 *
 * <ul>
 *   <li>{@code heap_*}: {@code record Specimen(long id, double[] landmarks)} in a list, measured as
 *       heap used after a full GC (JOL's deep size beside it).</li>
 *   <li>{@code ffm_*}: {@code struct { int64_t id; double landmarks[2L]; }} described by a
 *       {@code MemoryLayout}, N of them in one arena segment; measured by the process allocator in
 *       a child without JIT, so the allocator sees nothing but the arena.</li>
 *   <li>{@code jnr_*}: the same struct, one tracked malloc per specimen, written through JNR: the
 *       tracked allocator counts exactly the struct's bytes.</li>
 * </ul>
 */
public final class Lab09_Scaling implements Lab {

    static final LabInfo INFO = LabInfo.lab(9, "scaling")
            .title("Scaling: bytes per object by a least-squares fit")
            .seed("002 §1 (memory usage scaling)", "Python: 100/500/1000/2000 objects with 10 landmarks: 478 KB,"
                    + " 2.04 MB, 4.04 MB, 8.05 MB peak, ~4.0 KB per object; 100 objects with 100 landmarks: 6.42 MB,"
                    + " 64 KB per object.")
            .question("How many bytes does one more object cost, as a Java record and as a C struct?")
            .lesson("""
                    Memory that grows in a straight line with the object count has a price per object, and a fit
                    finds it: the slope is what one more object costs, the intercept what the structure costs
                    anyway. On the JVM a specimen is a record, an array header and its doubles; in C exactly the
                    struct's bytes, 8 + 16 per landmark.""")
            // no --size: a specimen's size is its landmarks, 10 and 100, as in the seed
            .count("objects", "objects at the largest size", 1_000_000)
            .defaults(1, 10_000)
            .quick(1, 2_000)
            .build();

    static final int[] LANDMARKS = {10, 100};
    static final long[] SIZES = {100, 500, 1000, 2000};

    static final Metric LANDMARKS_COUNT = Metric.count("landmarks_count");
    /** The fit's slope: what one more object costs. */
    static final Metric PER_OBJECT = Metric.bytes("per_object_bytes");
    /** The fit's intercept: what the structure costs whatever its size. */
    static final Metric INTERCEPT = Metric.bytes("intercept_bytes");
    /** How straight the line is (1 is a perfect line). */
    static final Metric R_SQUARED = Metric.number("r_squared_value");
    /** JOL's deep size of one heap specimen. */
    static final Metric JOL_PER_OBJECT = Metric.bytes("jol_per_object_bytes");
    /** The C struct's size, from its MemoryLayout. */
    static final Metric STRUCT_SIZE = Metric.bytes("struct_size_bytes");

    @Override
    public LabInfo info() {
        return INFO;
    }

    /** The sizes it builds and the landmarks per specimen, not a single count. */
    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<Long> sizes = new ArrayList<>();
        for (long size : sizes(params.count())) {
            sizes.add(size);
        }
        map.put("objects", sizes);
        map.put("landmarks", List.of(10, 100));
        return map;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long largest = Budget.times(params.count(), 8 + 16L * 100 + 64);
        return Budget.Plan.of(largest, Budget.times(largest, 2)).sideBySide();
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(new LabResult.Line("bytes", "Bytes grow in a straight line with objects: its slope is the cost of one",
                "objects", "bytes", "bytes"));
    }

    /** The seed's sizes, then the lab's count when it is larger. */
    static long[] sizes(long largest) {
        List<Long> sizes = new ArrayList<>();
        for (long size : SIZES) {
            if (size < largest) {
                sizes.add(size);
            }
        }
        sizes.add(largest);
        return sizes.stream().mapToLong(Long::longValue).toArray();
    }

    /** The variant kind of a specimen size: "10_landmarks". */
    static String kind(int landmarks) {
        return landmarks + "_landmarks";
    }

    /** One variant per specimen size, in the seed's order. */
    static List<Variant> variants(Side side) {
        return Variant.of(side, Arrays.stream(LANDMARKS).mapToObj(Lab09_Scaling::kind).toArray(String[]::new));
    }

    /** The landmarks per specimen a variant builds, looked up by its kind. */
    static int landmarks(Variant variant) {
        for (int landmarks : LANDMARKS) {
            if (kind(landmarks).equals(variant.kind())) {
                return landmarks;
            }
        }
        throw new IllegalArgumentException("unknown variant " + variant);
    }

    /** struct specimen { int64_t id; double landmarks[2 * landmarks]; } */
    static StructLayout specimen(int landmarks) {
        return MemoryLayout.structLayout(JAVA_LONG.withName("id"),
                MemoryLayout.sequenceLayout(2L * landmarks, JAVA_DOUBLE).withName("landmarks"));
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(PER_OBJECT, "per object"),
                Column.of(JOL_PER_OBJECT, "JOL"),
                Column.of(STRUCT_SIZE, "C struct"),
                Column.of(R_SQUARED, "r^2"));
    }

    @Override
    public LabResult run(LabContext context) {
        // each child reports bytes, counts and outcomes of its own process, no time: one child per core
        List<Row> rows = context.runSideBySide("lab 09 scaling", Lab09_Scaling::variants,
                variant -> variant.side() == Side.FFM ? JvmFlags.QUIET_NATIVE : List.of(), Task.class);
        return result(context, reading(rows), rows);
    }

    /**
     * What one more object costs on each side, by the fitted slope: "One more object costs 209.8 B and
     * 1,649.8 B on the heap with 10 and 100 landmarks (JOL: 200 B, 1,648 B); in C ...".
     */
    private static String reading(List<Row> rows) {
        List<String> clauses = new ArrayList<>();
        perObject(rows, Side.HEAP, row -> String.format("%,.1f B", row.doubleMetric(PER_OBJECT))).ifPresent(heap -> {
            String jol = perObject(rows, Side.HEAP, row -> String.format("%,d B", row.longMetric(JOL_PER_OBJECT)))
                    .orElseThrow();
            clauses.add(heap + " on the heap (JOL: " + jol + ")");
        });
        // the struct is the same through either binding; FFM's slope adds the arena's own bookkeeping
        Function<Row, String> slope = row -> String.format("%,.1f B", row.doubleMetric(PER_OBJECT));
        Readings.nativeFigures(perObject(rows, Side.FFM, slope), perObject(rows, Side.JNR, slope)).ifPresent(c -> {
            String struct = Stream.of(Side.FFM, Side.JNR)
                    .flatMap(side -> perObject(rows, side, row -> String.format("%,d B", row.longMetric(STRUCT_SIZE)))
                            .stream())
                    .findFirst().orElseThrow();
            clauses.add("in C " + c + " for structs of " + struct);
        });
        String landmarks = Arrays.stream(LANDMARKS).filter(n -> rows.stream().anyMatch(row -> row.outcome().finished()
                && row.variant().kind().equals(kind(n)))).mapToObj(String::valueOf).collect(Collectors.joining(" and "));
        if (!clauses.isEmpty()) {
            clauses.set(0, "with " + landmarks + " landmarks, one more object costs " + clauses.get(0));
        }
        // the worst fit, rounded down: "≥" stays true
        rows.stream().filter(row -> row.outcome().finished()).mapToDouble(row -> row.doubleMetric(R_SQUARED)).min()
                .ifPresent(r2 -> clauses.add(String.format("every line fits with R² ≥ %.4f",
                        Math.floor(r2 * 1e4) / 1e4)));
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }

    /**
     * A side's figures for 10 and 100 landmarks: "209.8 B and 1,649.8 B"; a side missing one says which
     * it has: "1,649.8 B at 100".
     */
    private static Optional<String> perObject(List<Row> rows, Side side, Function<Row, String> figure) {
        List<Row> measured = Arrays.stream(LANDMARKS).mapToObj(n -> Readings.finished(rows, side, kind(n)))
                .flatMap(Optional::stream).toList();
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(measured.stream().map(row -> figure.apply(row) + (measured.size() == LANDMARKS.length ? ""
                : " at " + landmarks(row.variant()))).collect(Collectors.joining(" and ")));
    }

    /** A specimen on the heap: an id and its landmarks as x0, y0, x1, y1, ... */
    record Specimen(long id, double[] landmarks) {
    }

    /** One variant in a child JVM (count = objects at the largest size). */
    public static final class Task implements ChildTask {

        @Override
        public Row run(VariantArgs args) {
            Side side = args.side();
            int landmarks = landmarks(args.variant());
            long[] sizes = sizes(args.count());
            Row row = new Row(args.variant()).metric(LANDMARKS_COUNT, landmarks);
            NativeMemory memory = side == Side.JNR ? side.memory() : null;
            ScalingNative writer = side == Side.JNR ? ScalingNative.of(side.binding()) : null;
            StructLayout layout = specimen(landmarks);
            build(side, layout, landmarks, 16, memory, writer).run(); // warm-up: the same path, off the record
            double[] objects = new double[sizes.length];
            double[] bytes = new double[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                LongSupplier witness = switch (side) {
                    case HEAP -> () -> HeapProbe.settled().usedBytes();
                    case FFM -> NativeProbe::allocatorInUseBytes;
                    case JNR -> NativeProbe::trackedLiveBytes;
                };
                long before = witness.getAsLong();
                Built built = build(side, layout, landmarks, sizes[i], memory, writer);
                objects[i] = sizes[i];
                bytes[i] = witness.getAsLong() - before;
                if (side == Side.HEAP && i == sizes.length - 1) {
                    row.metric(JOL_PER_OBJECT, ObjectSizes.deepBytes(built.kept.get(0)));
                }
                built.run();
                Map<String, Number> point = new LinkedHashMap<>();
                point.put("objects", sizes[i]);
                point.put("bytes", (long) bytes[i]);
                row.point(point);
            }
            LinearFit fit = LinearFit.of(objects, bytes);
            row.metric(PER_OBJECT, fit.slope()).metric(INTERCEPT, (long) fit.intercept())
                    .metric(R_SQUARED, fit.rSquared());
            if (side != Side.HEAP) {
                row.metric(STRUCT_SIZE, layout.byteSize());
            }
            return row;
        }

        /** What was built, and how to let it go (run() releases it). */
        private record Built(List<Object> kept, Runnable release) implements Runnable {
            @Override
            public void run() {
                release.run();
                Reference.reachabilityFence(kept);
            }
        }

        private static Built build(Side side, StructLayout layout, int landmarks, long count, NativeMemory memory,
                                   ScalingNative writer) {
            long landmarksOffset = layout.byteOffset(MemoryLayout.PathElement.groupElement("landmarks"));
            List<Object> kept = new ArrayList<>();
            switch (side) {
                case HEAP -> {
                    for (long id = 0; id < count; id++) {
                        double[] points = new double[2 * landmarks];
                        points[0] = id;
                        kept.add(new Specimen(id, points));
                    }
                    return new Built(kept, kept::clear);
                }
                case FFM -> {
                    Arena arena = Arena.ofConfined();
                    MemorySegment specimens = arena.allocate(layout, count); // zeroed: every landmark 0.0
                    for (long id = 0; id < count; id++) {
                        specimens.set(JAVA_LONG, id * layout.byteSize(), id);
                    }
                    kept.add(specimens);
                    return new Built(kept, arena::close);
                }
                case JNR -> {
                    long[] addresses = new long[Math.toIntExact(count)];
                    for (int i = 0; i < addresses.length; i++) {
                        addresses[i] = memory.calloc(1, layout.byteSize());
                        writer.writeSpecimen(addresses[i], landmarksOffset, i);
                    }
                    kept.add(addresses);
                    return new Built(kept, () -> {
                        for (long address : addresses) {
                            memory.free(address);
                        }
                    });
                }
                default -> throw new IllegalArgumentException(side.toString());
            }
        }
    }
}
