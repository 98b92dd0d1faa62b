package memlab.labs.stackvsheap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import memlab.lab.Budget;
import memlab.lab.ChildTask;
import memlab.lab.Column;
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
import memlab.util.Sizes;

/**
 * Lab 04 — stack vs heap (seed 001, Task 2: stack_vs_heap.py).
 *
 * <p>The seed timed Python ints against Python lists and printed "Stack is Nx faster". Python has
 * no stack allocation a program can choose; C and the JVM do, each differently:
 *
 * <ul>
 *   <li>{@code c_stack_array} (ffm, jnr): a C function with a 1 KiB local array, called N times in a
 *       C loop (one downcall), timed in C with a monotonic clock: the stack pointer moves, that is
 *       all. {@code c_malloc_free}: the same work on a 1 KiB buffer from malloc, freed each call.
 *       Through FFM or JNR the figure is the same: the binding is crossed once, outside the timing.</li>
 *   <li>{@code scalar_replaced} (heap): {@code new Point(x, y)} that never leaves its method. After
 *       warm-up, C2's escape analysis replaces the object by its fields in registers: the per-thread
 *       allocation counter shows 0 bytes per operation. No stack, no heap: no object at all.</li>
 *   <li>{@code escaping} (heap): the same Point stored where it outlives the call: one heap object per
 *       operation, its size measured by the same counter.</li>
 * </ul>
 *
 * <p>The figures here come from one timed loop after a warm-up: right in magnitude, not rigorous.
 * The rigorous figures are JMH's ({@code benchmarks/java/memlab/bench/Lab04_StackVsHeapBench.java}):
 * forks, warm-up iterations, error bars, and {@code -prof gc} for bytes per operation.
 */
public final class Lab04_StackVsHeap implements Lab {

    /** No --size: the buffer is 1 KiB in C and a two-int Point on the JVM, fixed. */
    static final LabInfo INFO = LabInfo.lab(4, "stack-vs-heap")
            .title("Stack vs heap: a moved pointer, a malloc, or no object at all")
            .seed("001 Task 2 (stack_vs_heap.py)", "Python, 1,000,000 iterations: ints (\"stack\") vs lists"
                    + " (\"heap\"); prints \"Stack is Nx faster!\" and claims stack nanoseconds vs heap microseconds.")
            .question("What does a short-lived buffer cost on the C stack, from malloc, and as a Java object"
                    + " that stays in its method or escapes it?")
            .lesson("""
                    A stack buffer costs a pointer move; a malloc'd one costs two calls into the allocator. The JVM
                    has no stack allocation to choose, but its JIT can do better: an object that never escapes its
                    method is replaced by its fields (scalar replacement), so it costs no allocation at all. An
                    object that escapes costs a heap allocation, which the JVM makes cheap (a pointer bump in the
                    thread's buffer) and collects later.""")
            .count("calls", "calls", 1_000_000_000L)
            .fixed("c_buffer_bytes", 1024)
            .defaults(1, 10_000_000)
            .quick(1, 1_000_000)
            .build();

    static final int WARM_UP_ROUNDS = 20;

    static final Metric CALLS = Metric.count("calls_count");
    static final Metric PER_CALL = Metric.nanos("per_call_ns");
    static final Metric ALLOCATED_PER_CALL = Metric.bytes("allocated_per_call_bytes");
    static final Metric CHECKSUM = Metric.number("checksum_value");

    @Override
    public LabInfo info() {
        return INFO;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        return Budget.Plan.of(1 << 20, 64L << 20);
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "scalar_replaced", "escaping");
            case FFM, JNR -> Variant.of(side, "c_stack_array", "c_malloc_free");
        };
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(PER_CALL, "per call"),
                Column.of(ALLOCATED_PER_CALL, "heap per call"),
                Column.of(CALLS, "calls"));
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 04 stack vs heap", Lab04_StackVsHeap::variants,
                variant -> List.of(), Task.class);
        return result(context, reading(rows), rows);
    }

    /**
     * What escape analysis saves on the JVM, and malloc's price over the stack in C: "A Point that
     * never escapes costs 0 B a call (5.4 ns), ...; in C, malloc/free took 3.4x the stack array's time".
     */
    private static String reading(List<Row> rows) {
        List<String> clauses = new ArrayList<>();
        Optional<Row> local = Readings.finished(rows, Side.HEAP, "scalar_replaced");
        Optional<Row> escaping = Readings.finished(rows, Side.HEAP, "escaping");
        List<String> heap = new ArrayList<>();
        local.ifPresent(row -> heap.add(String.format("a Point that never escapes costs %s a call (%.1f ns)",
                bytes(row), row.doubleMetric(PER_CALL))));
        escaping.ifPresent(row -> heap.add(String.format("%s %s (%.1f ns)", heap.isEmpty()
                ? "a Point that escapes costs" : "one that escapes", bytes(row), row.doubleMetric(PER_CALL))));
        clauses.add(String.join(", ", heap));
        Readings.nativeFigures(ratio(rows, Side.FFM), ratio(rows, Side.JNR), " the stack array's time")
                .ifPresent(times -> clauses.add("in C, malloc/free took " + times + " (the seed says \"10x\")"));
        String reading = Readings.sentence(clauses, Readings.unfinished(rows));
        return (reading + " Rigorous figures: the JMH benchmark Lab04_StackVsHeapBench.").strip();
    }

    /** Heap bytes allocated per call, to the byte: "0 B", "24 B". */
    private static String bytes(Row row) {
        return Sizes.format(Math.round(row.doubleMetric(ALLOCATED_PER_CALL)));
    }

    /** "3.4x": malloc/free's time per call over the stack array's, on one side. */
    private static Optional<String> ratio(List<Row> rows, Side side) {
        Optional<Row> stack = Readings.finished(rows, side, "c_stack_array");
        return Readings.finished(rows, side, "c_malloc_free").flatMap(malloc -> stack.map(s -> String.format(
                "%.1fx", malloc.doubleMetric(PER_CALL) / s.doubleMetric(PER_CALL))));
    }

    /** A two-int point: 12-byte header + 8 bytes of fields, 24 bytes on the heap. */
    record Point(int x, int y) {
    }

    /** One variant in a child JVM (count = calls). */
    public static final class Task implements ChildTask {

        /** Where escaping points go: a field, so the JIT must allocate them. */
        static Point sink;

        @Override
        public Row run(VariantArgs args) {
            long calls = args.count();
            Row row = new Row(args.variant()).metric(CALLS, calls);
            if (args.side() == Side.HEAP) {
                boolean escaping = args.kind().equals("escaping");
                int warmUpCalls = (int) Math.min(calls, 1_000_000);
                for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                    loop(escaping, warmUpCalls); // until C2 has compiled it, with escape analysis
                }
                long allocated = HeapProbe.threadAllocatedBytes();
                long started = System.nanoTime();
                long checksum = loop(escaping, calls);
                long nanos = System.nanoTime() - started;
                allocated = HeapProbe.threadAllocatedBytes() - allocated;
                return row.metric(PER_CALL, (double) nanos / calls)
                        .metric(ALLOCATED_PER_CALL, (double) allocated / calls)
                        .metric(CHECKSUM, checksum);
            }
            StackVsHeapNative lib = StackVsHeapNative.of(args.side().binding());
            boolean stack = args.kind().equals("c_stack_array");
            if (stack) { // warm-up: the same loop once, untimed
                lib.stackLoop(calls / 10 + 1);
            } else {
                lib.heapLoop(calls / 10 + 1);
            }
            StackVsHeapNative.LoopTiming timing = stack ? lib.stackLoop(calls) : lib.heapLoop(calls);
            return row.metric(PER_CALL, (double) timing.nanos() / calls)
                    .metric(CHECKSUM, timing.checksum());
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
