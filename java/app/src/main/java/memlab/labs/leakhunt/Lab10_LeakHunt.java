package memlab.labs.leakhunt;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Readings;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.leakcheck.LeakCheck;
import memlab.leakcheck.LeakReport;
import memlab.nativelib.NativeMemory;
import memlab.util.Sizes;

/**
 * Lab 10 — leak hunt (seed 002 §2: 50 create-analyze-delete iterations).
 *
 * <p>The seed ran 50 cycles of creating 100 objects, analyzing and deleting them, and compared the
 * average memory of cycles 1-10 with 41-50: 109.33 KB vs 112.06 KB, "2.72 KB growth, no leak",
 * a difference with no error bar to weigh it against. memlab fits a line to every cycle's sample
 * instead and keeps the early/late averages beside it for comparison. It runs the same cycles
 * clean and leaky (each leaky cycle keeps {@code --size} bytes,
 * 1 KiB by default) on each side, and judges them with its own JUnit leak check
 * ({@link LeakCheck}): a leak is a slope whose 99.95% lower bound exceeds the witness's limit.
 *
 * <ul>
 *   <li>{@code heap_*}: specimens as records; the leaky cycle appends a byte[] to a list that lives on.</li>
 *   <li>{@code ffm_*}, {@code jnr_*}: specimens as tracked native structs, freed each cycle; the leaky
 *       cycle mallocs {@code --size} bytes and forgets them. Native children run without JIT, so
 *       the process allocator is quiet enough to judge as well.</li>
 * </ul>
 */
public final class Lab10_LeakHunt implements Lab {

    static final LabInfo INFO = LabInfo.lab(10, "leak-hunt")
            .title("Leak hunt: a slope and its error, not two averages")
            .seed("002 §2 (memory leak detection over 50 iterations)", "Python, 50 cycles of 100 objects: early"
                    + " average (1-10) 109.33 KB, late (41-50) 112.06 KB, growth 2.72 KB: \"no significant leak\".")
            .question("Does a loop keep a little memory every time it runs, and how can a measurement tell such a"
                    + " small leak from noise?")
            .lesson("""
                    Memory after each cycle of a loop is a line plus noise. Its slope, with a confidence bound, says
                    whether the loop keeps something each time; two averages cannot tell a small leak from noise. A
                    1 KiB-per-cycle leak is plain on the heap after a full GC and exact in the tracked native
                    allocator, and a clean loop passes, run after run.""")
            .count("cycles", "cycles", 10_000)
            .size("leak_bytes_per_cycle", "bytes a leaky cycle keeps")
            .fixed("objects_per_cycle", Lab10_LeakHunt.OBJECTS_PER_CYCLE)
            .defaults(1024, 50)
            .quick(1024, 20)
            .build();

    static final int OBJECTS_PER_CYCLE = 100;
    static final int LANDMARKS = 10;
    static final int WARM_UP = 5;
    /** In a child without JIT the process allocator moves by a few hundred bytes: a tight limit works. */
    static final long QUIET_ALLOCATOR_LIMIT = 512;

    /** The seed's lifecycle stages, in order (§4). */
    static final List<String> STAGES = List.of("create_dataset", "load_objects", "unpack_landmarks", "run_analysis",
            "delete_objects", "delete_dataset");

    /** The seed's long-running sequence (§3): objects x landmarks per run. */
    static final int[][] RUNS = {{500, 10}, {1000, 10}, {500, 20}, {1000, 20}, {2000, 10}};

    static final Metric CYCLES = Metric.count("cycles_count");
    /** The fitted slope of the main witness: bytes kept per cycle. */
    static final Metric SLOPE = Metric.bytes("slope_per_cycle_bytes");
    static final Metric SLOPE_STDERR = Metric.bytes("slope_stderr_bytes");
    /** The slope's one-sided 99.95% lower confidence bound ({@link memlab.measure.LinearFit#slopeLowerBound()}). */
    static final Metric SLOPE_LOWER_BOUND = Metric.bytes("slope_lower_bound_bytes");
    /** The seed's way: the average of the first cycles, of the last, and their difference. */
    static final Metric EARLY_AVERAGE = Metric.bytes("early_average_bytes");
    static final Metric LATE_AVERAGE = Metric.bytes("late_average_bytes");
    static final Metric LATE_MINUS_EARLY = Metric.bytes("late_minus_early_bytes");

    /** The lifecycle table: bytes after each of {@link #STAGES}, in the same order. */
    static final Metric CREATE_DATASET = Metric.bytes("create_dataset_bytes");
    static final Metric LOAD_OBJECTS = Metric.bytes("load_objects_bytes");
    static final Metric UNPACK_LANDMARKS = Metric.bytes("unpack_landmarks_bytes");
    static final Metric RUN_ANALYSIS = Metric.bytes("run_analysis_bytes");
    static final Metric DELETE_OBJECTS = Metric.bytes("delete_objects_bytes");
    static final Metric DELETE_DATASET = Metric.bytes("delete_dataset_bytes");
    static final List<Metric> STAGE_BYTES = List.of(CREATE_DATASET, LOAD_OBJECTS, UNPACK_LANDMARKS, RUN_ANALYSIS,
            DELETE_OBJECTS, DELETE_DATASET);

    /** The long-running table: what is still held after the last run ({@link Metrics#PEAK}: the most at once). */
    static final Metric FINAL_CURRENT = Metric.bytes("final_current_bytes");

    @Override
    public LabInfo info() {
        return INFO;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long leaked = Budget.times(params.sizeBytes(), params.count() + WARM_UP);
        return Budget.Plan.of(leaked, leaked).sideBySide();
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Line("heap", "Heap after a full GC, per cycle: the leaky loop climbs, the clean one does not",
                        "cycle", "heap_bytes", "bytes").fromStart().leaks("leaky"),
                new LabResult.Line("tracked", "Tracked native bytes, per cycle: the leaky loop climbs, the clean one does not",
                        "cycle", "tracked_bytes", "bytes").fromStart().leaks("leaky"));
    }

    /** The variants of a side, in the order they are shown: the same on every side. */
    static List<Variant> variants(Side side) {
        return Variant.of(side, "clean", "leaky", "lifecycle", "long_running");
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(SLOPE, "slope/cycle"),
                Column.of(SLOPE_LOWER_BOUND, "lower bound"),
                Column.of(LATE_MINUS_EARLY, "late - early"),
                Column.of(Metrics.PEAK, "peak"),
                Column.of(FINAL_CURRENT, "final"));
    }

    @Override
    public LabResult run(LabContext context) {
        // each child reports bytes, counts and outcomes of its own process, no time: one child per core
        List<Row> rows = context.runSideBySide("lab 10 leak hunt", Lab10_LeakHunt::variants,
                variant -> variant.side() == Side.HEAP ? List.of() : JvmFlags.QUIET_NATIVE, Task.class);
        return result(context, reading(rows), rows);
    }

    /**
     * What the slope judged, against the seed's two averages: "The slope per cycle flags every leaky loop
     * (heap +898 B, +1,024 B through FFM and JNR alike) and passes every clean loop (...)".
     */
    private static String reading(List<Row> rows) {
        List<Row> judged = rows.stream().filter(row -> row.outcome().finished() && row.labels().containsKey("verdict"))
                .toList();
        List<String> clauses = new ArrayList<>();
        judgement(judged, "leaky", "LEAK", "flags", "leaky loop").ifPresent(clauses::add);
        judgement(judged, "clean", "clean", "passes", "clean loop").ifPresent(clauses::add);
        if (!clauses.isEmpty()) {
            clauses.set(0, "the slope per cycle " + String.join(" and ", clauses));
            clauses.subList(1, clauses.size()).clear();
        }
        // the seed's way on the same clean loop: an average that moves without any leak
        Readings.finished(rows, Side.HEAP, "clean").filter(row -> row.has(LATE_MINUS_EARLY)).ifPresent(row ->
                clauses.add(String.format("the seed's late-minus-early average moved %s on the clean heap loop",
                        signed(row.longMetric(LATE_MINUS_EARLY)))));
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }

    /**
     * "flags every leaky loop (heap +898 B, +1,024 B through FFM and JNR alike)", or "flags 2 of 3
     * leaky loops (misjudged: heap_leaky)" when the verdict is wrong for some.
     */
    private static Optional<String> judgement(List<Row> judged, String kind, String expected, String verb,
                                              String what) {
        List<Row> loops = judged.stream().filter(row -> row.variant().kind().equals(kind)).toList();
        if (loops.isEmpty()) {
            return Optional.empty();
        }
        List<String> wrong = loops.stream().filter(row -> !row.labels().get("verdict").equals(expected))
                .map(Row::name).toList();
        String slopes = Stream.of(
                        Readings.finished(loops, Side.HEAP, kind).map(row -> "heap " + slope(row)),
                        Readings.natives(Readings.finished(loops, Side.FFM, kind),
                                Readings.finished(loops, Side.JNR, kind), Lab10_LeakHunt::slope))
                .flatMap(Optional::stream).collect(Collectors.joining(", "));
        String which = wrong.isEmpty() ? (loops.size() == 1 ? "the " : "every ") + what
                : (loops.size() - wrong.size()) + " of " + loops.size() + " " + what + "s";
        return Optional.of(verb + " " + which + " (" + slopes + (wrong.isEmpty() ? "" : "; misjudged: "
                + String.join(", ", wrong)) + ")");
    }

    /** The fitted slope of the main witness, to the byte: "+898 B". */
    private static String slope(Row row) {
        return signed(Math.round(row.doubleMetric(SLOPE)));
    }

    private static String signed(long bytes) {
        return String.format("%+,d B", bytes);
    }

    /** One variant in a child JVM (size = leak per cycle, count = cycles); the tables are {@link Stages}. */
    public static final class Task implements ChildTask {

        @Override
        public Row run(VariantArgs args) {
            Side side = args.side();
            if (args.kind().equals("lifecycle")) {
                return Stages.lifecycle(args);
            }
            if (args.kind().equals("long_running")) {
                return Stages.longRunning(args);
            }
            boolean leaky = args.kind().equals("leaky");
            int leakBytes = Math.toIntExact(args.sizeBytes());
            NativeMemory lib = side == Side.HEAP ? null : side.memory();
            LeakHuntNative c = side == Side.HEAP ? null : LeakHuntNative.of(side.binding());
            List<Object> keptOnHeap = new ArrayList<>();

            LeakCheck.Body cycle = () -> {
                // create: 100 specimens
                List<double[]> heapSpecimens = new ArrayList<>();
                long[] nativeSpecimens = new long[OBJECTS_PER_CYCLE];
                for (int i = 0; i < OBJECTS_PER_CYCLE; i++) {
                    if (lib == null) {
                        heapSpecimens.add(new double[2 * LANDMARKS]);
                    } else {
                        nativeSpecimens[i] = lib.calloc(1, 8 + 16L * LANDMARKS);
                    }
                }
                // analyze: read them all
                long checksum = 0;
                for (int i = 0; i < OBJECTS_PER_CYCLE; i++) {
                    checksum += lib == null ? heapSpecimens.get(i).length : c.checksum(nativeSpecimens[i], 8);
                }
                // delete: all of it, unless the cycle leaks
                if (lib != null) {
                    for (long specimen : nativeSpecimens) {
                        lib.free(specimen);
                    }
                }
                if (leaky) {
                    if (lib == null) {
                        keptOnHeap.add(new byte[leakBytes]); // leaks: the list outlives the cycle
                    } else {
                        lib.malloc(leakBytes); // leaks: the address is dropped
                    }
                }
                if (checksum < 0) {
                    throw new IllegalStateException("unreachable: keeps the analysis from being optimized away");
                }
            };
            // the lab's lesson is the fit on its own witnesses: no profiler hooking every malloc
            LeakReport report = LeakCheck.iterations(args.countAsInt()).warmUp(WARM_UP).exactNativeWitness(false)
                    .allocatorBytesPerIteration(side == Side.HEAP ? LeakCheck.DEFAULT_ALLOCATOR_BYTES_PER_ITERATION
                            : QUIET_ALLOCATOR_LIMIT)
                    .measure(cycle);
            LeakReport.Witness main = report.witness(side == Side.HEAP ? LeakCheck.HEAP : LeakCheck.TRACKED);
            int window = Math.min(10, args.countAsInt() / 3);
            double[] samples = main.samples();
            Row row = new Row(args.variant())
                    .metric(CYCLES, args.count())
                    .metric(SLOPE, main.fit().slope())
                    .metric(SLOPE_STDERR, main.fit().slopeStdErr())
                    .metric(SLOPE_LOWER_BOUND, main.fit().slopeLowerBound())
                    .metric(EARLY_AVERAGE, (long) average(samples, 0, window))
                    .metric(LATE_AVERAGE, (long) average(samples, samples.length - window, samples.length))
                    .metric(LATE_MINUS_EARLY, (long) (average(samples, samples.length - window, samples.length)
                            - average(samples, 0, window)))
                    .label("verdict", report.leaks() ? "LEAK" : "clean");
            for (LeakReport.Witness witness : report.witnesses()) {
                row.label(witness.name(), String.format("%+,.0f B per cycle (±%,.0f), %s", witness.fit().slope(),
                        witness.fit().slopeStdErr(), witness.leaks() ? "LEAKS" : "ok"));
            }
            double[] heap = report.witness(LeakCheck.HEAP).samples();
            double[] tracked = report.witness(LeakCheck.TRACKED).samples();
            double[] resident = report.witness(LeakCheck.RESIDENT).samples();
            for (int i = 0; i < samples.length; i++) {
                Map<String, Number> point = new LinkedHashMap<>();
                point.put("cycle", i + 1);
                point.put("heap_bytes", (long) heap[i]);
                point.put("tracked_bytes", (long) tracked[i]);
                point.put(Metrics.RSS.name(), (long) resident[i]);
                row.point(point);
            }
            row.label("leak_per_cycle", leaky ? Sizes.format(leakBytes) : "none");
            Reference.reachabilityFence(keptOnHeap);
            return row;
        }

        private static double average(double[] samples, int from, int to) {
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += samples[i];
            }
            return sum / (to - from);
        }
    }
}
