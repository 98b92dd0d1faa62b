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
        return List.of(side.id() + "_clean", side.id() + "_leaky");
    }

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
            for (int i = 0; i < samples.length; i++) {
                Map<String, Number> point = new LinkedHashMap<>();
                point.put("cycle", i + 1);
                point.put("heap_bytes", (long) heap[i]);
                point.put("tracked_bytes", (long) tracked[i]);
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
}
