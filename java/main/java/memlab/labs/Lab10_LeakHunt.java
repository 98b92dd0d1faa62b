package memlab.labs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import memlab.isolate.ChildJvm;
import memlab.isolate.ChildTask;
import memlab.junit.LeakCheck;
import memlab.junit.LeakReport;
import memlab.lab.Budget;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Sizes;
import memlab.lab.VariantArgs;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;

/**
 * Lab 10 — leak hunt (seed 002 §2: 50 create-analyze-delete iterations).
 *
 * <p>The seed ran 50 cycles of creating 100 objects, analyzing and deleting them, and compared the
 * average memory of cycles 1-10 with 41-50: 109.33 KB vs 112.06 KB, "2.72 KB growth, no leak". An
 * early/late average cannot tell a small leak from noise; a fitted slope with its standard error
 * can. memlab runs the same cycles clean and leaky (each leaky cycle keeps {@code --size} bytes,
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

    static final int OBJECTS_PER_CYCLE = 100;
    static final int LANDMARKS = 10;
    static final int WARM_UP = 5;
    /** In a child without JIT the process allocator moves by a few hundred bytes: a tight limit works. */
    static final long QUIET_ALLOCATOR_LIMIT = 512;

    @Override
    public String id() {
        return "leak-hunt";
    }

    @Override
    public int number() {
        return 10;
    }

    @Override
    public String title() {
        return "Leak hunt: a slope and its error, not two averages";
    }

    @Override
    public String seed() {
        return "002 §2 (memory leak detection over 50 iterations)";
    }

    @Override
    public String seedFigure() {
        return "Python, 50 cycles of 100 objects: early average (1-10) 109.33 KB, late (41-50) 112.06 KB,"
                + " growth 2.72 KB: \"no significant leak\".";
    }

    @Override
    public String lesson() {
        return "Memory after each cycle of a loop is a line plus noise. Its slope, with a confidence bound, says"
                + " whether the loop keeps something each time; two averages cannot tell a small leak from noise."
                + " A 1 KiB-per-cycle leak is plain on the heap after a full GC and exact in the tracked native"
                + " allocator, and a clean loop passes, run after run.";
    }

    @Override
    public String countName() {
        return "cycles";
    }

    @Override
    public long maxCount() {
        return 10_000;
    }

    @Override
    public String sizeName() {
        return "bytes a leaky cycle keeps";
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cycles", params.count());
        map.put("leak_bytes_per_cycle", params.sizeBytes());
        map.put("objects_per_cycle", OBJECTS_PER_CYCLE);
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(1024, 50);
    }

    @Override
    public Params quick() {
        return new Params(1024, 20);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long leaked = Budget.times(params.sizeBytes(), params.count() + WARM_UP);
        return Budget.Plan.of(leaked, leaked);
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(new LabResult.Line("heap", "Heap after a full GC, per cycle", "cycle", "heap_bytes", "MiB"),
                new LabResult.Line("tracked", "Tracked native bytes, per cycle", "cycle", "tracked_bytes", "MiB"));
    }

    static List<String> variants(Side side) {
        return List.of(side.id() + "_clean", side.id() + "_leaky", side.id() + "_lifecycle", side.id() + "_long_running");
    }

    /** The seed's lifecycle stages, in order (§4). */
    static final List<String> STAGES = List.of("create_dataset", "load_objects", "unpack_landmarks", "run_analysis",
            "delete_objects", "delete_dataset");

    /** The seed's long-running sequence (§3): objects x landmarks per run. */
    static final int[][] RUNS = {{500, 10}, {1000, 10}, {500, 20}, {1000, 20}, {2000, 10}};

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 10 leak hunt", Lab10_LeakHunt::variants,
                variant -> variant.startsWith("heap_") ? List.of() : ChildJvm.QUIET_NATIVE_FLAGS, Variant.class);
        return result(context, reading(rows), rows);
    }

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            String verdict = row.labels().get("verdict");
            if (row.metrics().containsKey("delete_dataset_bytes")) {
                parts.add(String.format("%s: peak %s at run_analysis, %s left after delete_dataset", row.variant(),
                        Sizes.format(row.longMetric("run_analysis_bytes")), Sizes.format(row.longMetric("delete_dataset_bytes"))));
                continue;
            }
            if (row.metrics().containsKey("final_current_bytes")) {
                parts.add(String.format("%s: peak %s over %d runs, %s current after the last", row.variant(),
                        Sizes.format(row.longMetric("peak_bytes")), RUNS.length, Sizes.format(row.longMetric("final_current_bytes"))));
                continue;
            }
            if (verdict == null) {
                parts.add(row.variant() + " " + row.labels().getOrDefault("outcome", "failed"));
                continue;
            }
            parts.add(String.format("%s: %s (%+,.0f B per cycle on its main witness; early vs late average %+,d B)",
                    row.variant(), verdict, row.metrics().get("slope_per_cycle_bytes").doubleValue(),
                    row.longMetric("late_minus_early_bytes")));
        }
        long wrong = rows.stream().filter(r -> r.labels().containsKey("verdict"))
                .filter(r -> r.variant().endsWith("_leaky") != r.labels().get("verdict").equals("LEAK")).count();
        return String.join("; ", parts) + (wrong == 0 ? ". Every leaky variant flagged, every clean one passed."
                : ". " + wrong + " variant(s) judged WRONG.");
    }

    /** One variant in a child JVM: args are {@link VariantArgs} (size = leak per cycle, count = cycles). */
    public static final class Variant implements ChildTask {

        @Override
        public Row run(List<String> args) {
            VariantArgs variant = VariantArgs.parse(args);
            Side side = variant.side();
            if (variant.variant().endsWith("_lifecycle")) {
                return Stages.lifecycle(variant);
            }
            if (variant.variant().endsWith("_long_running")) {
                return Stages.longRunning(variant);
            }
            boolean leaky = variant.variant().endsWith("_leaky");
            int leakBytes = Math.toIntExact(variant.sizeBytes());
            NativeMemory lib = side == Side.HEAP ? null : Natives.forSide(side);
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
                    checksum += lib == null ? heapSpecimens.get(i).length : lib.arenaChecksum(nativeSpecimens[i], 8);
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
            LeakReport report = LeakCheck.iterations(variant.countAsInt()).warmUp(WARM_UP)
                    .allocatorBytesPerIteration(side == Side.HEAP ? LeakCheck.DEFAULT_ALLOCATOR_BYTES_PER_ITERATION
                            : QUIET_ALLOCATOR_LIMIT)
                    .measure(cycle);
            LeakReport.Witness main = report.witness(side == Side.HEAP ? "heap (after full GC)" : "memlab native (tracked)");
            int window = Math.min(10, variant.countAsInt() / 3);
            double[] samples = main.samples();
            Row row = new Row(side, variant.variant())
                    .metric("cycles_count", variant.count())
                    .metric("slope_per_cycle_bytes", main.fit().slope())
                    .metric("slope_stderr_bytes", main.fit().slopeStdErr())
                    .metric("slope_lower_bound_bytes", main.fit().slopeLowerBound(LeakReport.Z))
                    .metric("early_average_bytes", (long) average(samples, 0, window))
                    .metric("late_average_bytes", (long) average(samples, samples.length - window, samples.length))
                    .metric("late_minus_early_bytes", (long) (average(samples, samples.length - window, samples.length)
                            - average(samples, 0, window)))
                    .label("verdict", report.leaks() ? "LEAK" : "clean");
            for (LeakReport.Witness witness : report.witnesses()) {
                row.label(witness.name(), String.format("%+,.0f B per cycle (±%,.0f), %s", witness.fit().slope(),
                        witness.fit().slopeStdErr(), witness.leaks() ? "LEAKS" : "ok"));
            }
            double[] heap = report.witness("heap (after full GC)").samples();
            double[] tracked = report.witness("memlab native (tracked)").samples();
            double[] resident = report.witness("resident size (RSS)").samples();
            for (int i = 0; i < samples.length; i++) {
                Map<String, Number> point = new LinkedHashMap<>();
                point.put("cycle", i + 1);
                point.put("heap_bytes", (long) heap[i]);
                point.put("tracked_bytes", (long) tracked[i]);
                point.put("rss_bytes", (long) resident[i]);
                row.point(point);
            }
            row.label("leak_per_cycle", leaky ? Sizes.format(leakBytes) : "none");
            java.lang.ref.Reference.reachabilityFence(keptOnHeap);
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

    /** The seed's lifecycle (§4) and long-running retention (§3) tables, on the heap and in C. */
    static final class Stages {

        private Stages() {
        }

        /** What a side's memory is now: heap after a full GC, or tracked native bytes (exact). */
        private static long current(NativeMemory lib) {
            return lib == null ? memlab.measure.HeapProbe.settled().usedBytes() : lib.allocStats().liveBytes();
        }

        static Row lifecycle(VariantArgs variant) {
            NativeMemory lib = variant.side() == Side.HEAP ? null : Natives.forSide(variant.side());
            Row row = new Row(variant.side(), variant.variant());
            // warm-up: the same stages and the same measuring, off the record
            Row scratch = new Row(variant.side(), "warm-up");
            new Dataset(lib, OBJECTS_PER_CYCLE, LANDMARKS).runAllStages(() -> scratch.metric("bytes", current(lib)));
            long base = current(lib);
            Dataset dataset = new Dataset(lib, OBJECTS_PER_CYCLE, LANDMARKS);
            int[] stage = {0};
            dataset.runAllStages(() -> {
                long bytes = current(lib) - base;
                row.metric(STAGES.get(stage[0]) + "_bytes", bytes);
                Map<String, Number> point = new LinkedHashMap<>();
                point.put("stage", stage[0] + 1);
                point.put("bytes", bytes);
                row.point(point);
                stage[0]++;
            });
            return row.label("stages", String.join(" -> ", STAGES));
        }

        static Row longRunning(VariantArgs variant) {
            NativeMemory lib = variant.side() == Side.HEAP ? null : Natives.forSide(variant.side());
            Row row = new Row(variant.side(), variant.variant());
            long base = current(lib);
            if (lib != null) {
                lib.resetPeak();
            }
            long peak = 0;
            for (int run = 0; run < RUNS.length; run++) {
                Dataset dataset = new Dataset(lib, RUNS[run][0], RUNS[run][1]);
                long[] fullest = {0};
                // heap: live bytes after a full GC at each stage (heap used without a GC misses what
                // sits in G1's current allocation region); native: the tracked allocator's exact peak
                dataset.runAllStages(() -> fullest[0] = Math.max(fullest[0], lib == null
                        ? current(null) - base : lib.allocStats().peakLiveBytes() - base));
                peak = Math.max(peak, fullest[0]);
                long now = current(lib) - base;
                Map<String, Number> point = new LinkedHashMap<>();
                point.put("run", run + 1);
                point.put("current_bytes", now);
                point.put("peak_bytes", peak);
                row.point(point);
                row.metric("final_current_bytes", now);
            }
            return row.metric("peak_bytes", peak)
                    .label("runs", "500x10, 1000x10, 500x20, 1000x20, 2000x10 objects x landmarks")
                    .label("peak_measured_by", lib == null ? "the largest live size after a full GC at each stage"
                            : "the tracked allocator's peak (exact)");
        }
    }

    /**
     * A dataset of specimens going through the seed's stages: an index of objects, each loaded
     * with its landmarks as boxed numbers, unpacked into arrays (or C buffers), analyzed into a
     * covariance-like matrix, then deleted: objects first, the dataset last.
     */
    static final class Dataset {
        private final NativeMemory lib;
        private final int objects;
        private final int landmarks;

        Dataset(NativeMemory lib, int objects, int landmarks) {
            this.lib = lib;
            this.objects = objects;
            this.landmarks = landmarks;
        }

        /** Runs the six stages, calling {@code afterStage} after each. */
        void runAllStages(Runnable afterStage) {
            int coordinates = 2 * landmarks;
            // create dataset: the index that will hold the objects
            List<List<Double>> loaded = new ArrayList<>(objects);
            long index = lib == null ? 0 : lib.calloc(objects, Long.BYTES);
            afterStage.run();
            // load objects: landmarks as boxed numbers, the way a parser hands them over
            for (int i = 0; i < objects; i++) {
                List<Double> raw = new ArrayList<>(coordinates);
                for (int c = 0; c < coordinates; c++) {
                    raw.add(i + c / 1000.0);
                }
                loaded.add(raw);
            }
            afterStage.run();
            // unpack landmarks: into primitive arrays (heap) or C buffers (native)
            List<double[]> unpacked = new ArrayList<>(objects);
            long[] buffers = new long[objects];
            for (int i = 0; i < objects; i++) {
                if (lib == null) {
                    unpacked.add(loaded.get(i).stream().mapToDouble(Double::doubleValue).toArray());
                } else {
                    buffers[i] = lib.calloc(coordinates, Double.BYTES);
                }
            }
            afterStage.run();
            // run analysis: a coordinates x coordinates matrix
            double[][] matrix = lib == null ? new double[coordinates][coordinates] : null;
            long nativeMatrix = lib == null ? 0 : lib.calloc((long) coordinates * coordinates, Double.BYTES);
            if (matrix != null) {
                for (double[] specimen : unpacked) {
                    for (int a = 0; a < coordinates; a++) {
                        matrix[a][a] += specimen[a] * specimen[a];
                    }
                }
            }
            afterStage.run();
            // delete objects
            loaded.clear();
            unpacked.clear();
            if (lib != null) {
                for (long buffer : buffers) {
                    lib.free(buffer);
                }
            }
            afterStage.run();
            // delete dataset, analysis included
            matrix = null;
            if (lib != null) {
                lib.free(nativeMatrix);
                lib.free(index);
            }
            afterStage.run();
            java.lang.ref.Reference.reachabilityFence(matrix);
        }
    }
}
