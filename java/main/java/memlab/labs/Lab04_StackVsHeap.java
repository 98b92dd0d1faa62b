package memlab.labs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import memlab.isolate.ChildTask;
import memlab.lab.Budget;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;

/**
 * Lab 04 — stack vs heap (seed 001, Task 2: stack_vs_heap.py).
 *
 * <p>The seed timed Python ints against Python lists and printed "Stack is Nx faster". Python has
 * no stack allocation a program can choose; C and the JVM do, each differently:
 *
 * <ul>
 *   <li>{@code ffm/jnr_c_stack_array}: a C function with a 1 KiB local array, called N times in a
 *       C loop (one downcall), timed in C with a monotonic clock: the stack pointer moves, that is
 *       all. {@code _c_malloc_free}: the same work on a 1 KiB buffer from malloc, freed each call.
 *       Through FFM or JNR the figure is the same: the binding is crossed once, outside the timing.</li>
 *   <li>{@code heap_scalar_replaced}: {@code new Point(x, y)} that never leaves its method. After
 *       warm-up, C2's escape analysis replaces the object by its fields in registers: the per-thread
 *       allocation counter shows 0 bytes per operation. No stack, no heap: no object at all.</li>
 *   <li>{@code heap_escaping}: the same Point stored where it outlives the call: one heap object per
 *       operation, its size measured by the same counter.</li>
 * </ul>
 *
 * <p>The figures here come from one timed loop after a warm-up: right in magnitude, not rigorous.
 * The rigorous figures are JMH's ({@code benchmarks/java/memlab/bench/Lab04_StackVsHeapBench.java}):
 * forks, warm-up iterations, error bars, and {@code -prof gc} for bytes per operation.
 */
public final class Lab04_StackVsHeap implements Lab {

    static final int WARM_UP_ROUNDS = 20;

    @Override
    public String id() {
        return "stack-vs-heap";
    }

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String title() {
        return "Stack vs heap: a moved pointer, a malloc, or no object at all";
    }

    @Override
    public String seed() {
        return "001 Task 2 (stack_vs_heap.py)";
    }

    @Override
    public String seedFigure() {
        return "Python, 1,000,000 iterations: ints (\"stack\") vs lists (\"heap\"); prints \"Stack is Nx faster!\""
                + " and claims stack nanoseconds vs heap microseconds.";
    }

    @Override
    public String lesson() {
        return "A stack buffer costs a pointer move; a malloc'd one costs two calls into the allocator. The JVM"
                + " has no stack allocation to choose, but its JIT can do better: an object that never escapes its"
                + " method is replaced by its fields (scalar replacement), so it costs no allocation at all. An"
                + " object that escapes costs a heap allocation, which the JVM makes cheap (a pointer bump in the"
                + " thread's buffer) and collects later.";
    }

    @Override
    public String countName() {
        return "calls";
    }

    @Override
    public long maxCount() {
        return 1_000_000_000L;
    }

    @Override
    public String sizeName() {
        return null; // the buffer is 1 KiB in C and a two-int Point on the JVM: fixed
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("calls", params.count());
        map.put("c_buffer_bytes", 1024);
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(1, 10_000_000);
    }

    @Override
    public Params quick() {
        return new Params(1, 1_000_000);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        return Budget.Plan.of(1 << 20, 64L << 20);
    }

    static List<String> variants(Side side) {
        return switch (side) {
            case HEAP -> List.of("heap_scalar_replaced", "heap_escaping");
            case FFM, JNR -> List.of(side.id() + "_c_stack_array", side.id() + "_c_malloc_free");
        };
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 04 stack vs heap", Lab04_StackVsHeap::variants,
                variant -> List.of(), Variant.class);
        return result(context, reading(rows), rows);
    }

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            if (!row.metrics().containsKey("per_call_ns")) {
                parts.add(row.variant() + " " + row.labels().getOrDefault("outcome", "failed"));
                continue;
            }
            String part = String.format("%s %.1f ns per call", row.variant(), row.metrics().get("per_call_ns").doubleValue());
            if (row.metrics().containsKey("allocated_per_call_bytes")) {
                part += String.format(", %.1f B allocated per call", row.metrics().get("allocated_per_call_bytes").doubleValue());
            }
            parts.add(part);
        }
        ratio(rows, "ffm_c_malloc_free", "ffm_c_stack_array").ifPresent(r -> parts.add(
                String.format("in C, malloc/free took %.1fx the stack array's time (the seed says \"10x\")", r)));
        return String.join("; ", parts) + ". Rigorous figures: the JMH benchmark Lab04_StackVsHeapBench.";
    }

    private static java.util.Optional<Double> ratio(List<Row> rows, String slow, String fast) {
        var slowRow = rows.stream().filter(r -> r.variant().equals(slow) && r.metrics().containsKey("per_call_ns")).findFirst();
        var fastRow = rows.stream().filter(r -> r.variant().equals(fast) && r.metrics().containsKey("per_call_ns")).findFirst();
        if (slowRow.isEmpty() || fastRow.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(slowRow.get().metrics().get("per_call_ns").doubleValue()
                / fastRow.get().metrics().get("per_call_ns").doubleValue());
    }

    /** A two-int point: 12-byte header + 8 bytes of fields, 24 bytes on the heap. */
    record Point(int x, int y) {
    }

    /** One variant in a child JVM: args are {@link VariantArgs} (count = calls). */
    public static final class Variant implements ChildTask {

        /** Where escaping points go: a field, so the JIT must allocate them. */
        static Point sink;

        @Override
        public Row run(List<String> args) {
            VariantArgs variant = VariantArgs.parse(args);
            long calls = variant.count();
            Row row = new Row(variant.side(), variant.variant()).metric("calls_count", calls);
            if (variant.side() == Side.HEAP) {
                boolean escaping = variant.variant().equals("heap_escaping");
                int warmUpCalls = (int) Math.min(calls, 1_000_000);
                for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                    loop(escaping, warmUpCalls); // until C2 has compiled it, with escape analysis
                }
                long allocated = HeapProbe.threadAllocatedBytes();
                long started = System.nanoTime();
                long checksum = loop(escaping, calls);
                long nanos = System.nanoTime() - started;
                allocated = HeapProbe.threadAllocatedBytes() - allocated;
                return row.metric("per_call_ns", (double) nanos / calls)
                        .metric("allocated_per_call_bytes", (double) allocated / calls)
                        .metric("checksum_value", checksum);
            }
            NativeMemory lib = Natives.forSide(variant.side());
            boolean stack = variant.variant().endsWith("_c_stack_array");
            if (stack) { // warm-up: the same loop once, untimed
                lib.stackLoop(calls / 10 + 1);
            } else {
                lib.heapLoop(calls / 10 + 1);
            }
            NativeMemory.LoopTiming timing = stack ? lib.stackLoop(calls) : lib.heapLoop(calls);
            return row.metric("per_call_ns", (double) timing.nanos() / calls)
                    .metric("checksum_value", timing.checksum());
        }

        private static long loop(boolean escaping, long calls) {
            long sum = 0;
            for (long i = 0; i < calls; i++) {
                sum += escaping ? escape((int) i) : local((int) i);
            }
            return sum;
        }

        /** The point never leaves: C2 replaces it by two ints. */
        private static int local(int i) {
            Point p = new Point(i, i + 1);
            return p.x() + p.y();
        }

        /** The point is published to a static field: it must exist on the heap. */
        private static int escape(int i) {
            Point p = new Point(i, i + 1);
            sink = p;
            return p.x() + p.y();
        }
    }
}
