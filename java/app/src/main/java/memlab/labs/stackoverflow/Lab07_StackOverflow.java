package memlab.labs.stackoverflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import memlab.lab.Budget;
import memlab.lab.ChildTask;
import memlab.lab.Column;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Metric;
import memlab.lab.Metrics;
import memlab.lab.Outcome;
import memlab.lab.Params;
import memlab.lab.Readings;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.util.TempDirs;

/**
 * Lab 07 — stack overflow (seed 001, Task 5).
 *
 * <p>Every call takes a stack frame, and a thread's stack has a fixed size: recursion without an
 * end runs out of it. What happens then depends on who owns the stack:
 *
 * <ul>
 *   <li>{@code recursion_xss*} (heap): the JVM guards each thread's stack and throws
 *       {@code StackOverflowError}, an ordinary exception: caught, the thread goes on, and can even
 *       recurse as deep again. The depth grows with {@code -Xss}: measured at 256 KiB, 1 MiB, 8 MiB.</li>
 *   <li>{@code unbounded_recursion} (ffm, jnr): C recursion with a 256-byte array in every frame, in a
 *       child JVM: nothing turns the overflow into an exception. The child dies by a signal (SIGSEGV
 *       on Linux, without even a JVM error report: the handler has no stack left to run on), and the
 *       harness records the row's outcome as killed. The depth it reached survives in a memory-mapped
 *       file the C code wrote at every call.</li>
 *   <li>{@code bounded_recursion} and {@code iterative}: the two fixes. A depth bound that refuses
 *       instead of overflowing, and the same computation as a loop, one frame whatever the depth.</li>
 * </ul>
 *
 * <p>{@code bytes_per_frame} is the stack size divided by the measured depth: the whole stack,
 * including what was in use before the recursion began, spread over the frames. What each variant
 * found is in its label {@code result}.
 */
public final class Lab07_StackOverflow implements Lab {

    /** The native side's stack: the size C programs usually get for their main thread. */
    static final long NATIVE_STACK_BYTES = 8L << 20;
    static final long BOUNDED_MAX_DEPTH = 10_000;

    /** No --size: stack sizes are the lab's subject, fixed: 256k/1m/8m for Java, 8 MiB for C. */
    static final LabInfo INFO = LabInfo.lab(7, "stack-overflow")
            .title("Stack overflow: an exception on the JVM, a dead process in C")
            .seed("001 Task 5 (stack overflow)", "\"Stack: limited (~1-8MB per thread) ... Error: Stack Overflow if"
                    + " too deep recursion\"; the seed measures no depth.")
            .question("What happens when recursion runs out of stack, on the JVM and in C, and how do you avoid it?")
            .lesson("""
                    A thread's stack is a fixed few MiB and every call takes a frame from it. The JVM guards the end
                    of each stack and throws StackOverflowError, which a program can catch and survive; -Xss
                    sets how deep it gets. C has no such guard that a program can handle: unbounded recursion
                    kills the whole process by a signal. The fixes are a depth bound or a loop.""")
            .count("fix_target_frames", "frames asked of the fixes", 1_000_000_000L)
            .fixed("bounded_max_depth", BOUNDED_MAX_DEPTH)
            .fixed("native_stack_bytes", NATIVE_STACK_BYTES)
            .defaults(1, 100_000_000)
            .quick(1, 1_000_000)
            .build();

    /** A Java thread stack the lab recurses on: the -Xss value and its size in bytes. */
    record JavaStack(String xss, long bytes) {
        /** The heap variant that runs with this stack: "recursion_xss256k". */
        String kind() {
            return "recursion_xss" + xss;
        }
    }

    static final List<JavaStack> JAVA_STACKS = List.of(new JavaStack("256k", 256L << 10),
            new JavaStack("1m", 1L << 20), new JavaStack("8m", 8L << 20));
    static final String DEPTH_FILE_PROPERTY = "memlab.depth.file";

    static final Metric DEPTH_REACHED = Metric.count("depth_reached_count");
    static final Metric DEPTH_AFTER_RECOVERY = Metric.count("depth_after_recovery_count");
    /** Not "_bytes": the name predates typed metrics and JSON users script against it. */
    static final Metric BYTES_PER_FRAME = Metric.number("bytes_per_frame");
    static final Metric RESULT_VALUE = Metric.number("result_value");
    /** The label that says, in words, what the variant found. */
    static final String RESULT = "result";

    @Override
    public LabInfo info() {
        return INFO;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        return Budget.Plan.of(NATIVE_STACK_BYTES, NATIVE_STACK_BYTES);
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Stream.concat(JAVA_STACKS.stream().map(JavaStack::kind), Stream.of("iterative"))
                    .map(kind -> new Variant(side, kind)).toList();
            case FFM, JNR -> Variant.of(side, "unbounded_recursion", "bounded_recursion", "iterative");
        };
    }

    /** The Java stack a heap variant recurses on; empty for every other variant. */
    static Optional<JavaStack> javaStack(Variant variant) {
        return JAVA_STACKS.stream()
                .filter(stack -> variant.side() == Side.HEAP && stack.kind().equals(variant.kind())).findFirst();
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(DEPTH_REACHED, "depth"),
                Column.of(BYTES_PER_FRAME, "bytes/frame"),
                Column.of(DEPTH_AFTER_RECOVERY, "after recovery"),
                Column.of(Metrics.SIGNAL_NUMBER, "signal"));
    }

    @Override
    public LabResult run(LabContext context) {
        Map<Variant, Path> depthFiles = new LinkedHashMap<>();
        try {
            // one at a time: Java's recursion depth depends on when the JIT compiles, which a neighbour would move
            List<Row> rows = context.runInChildren("lab 07 stack overflow", Lab07_StackOverflow::variants,
                    variant -> flags(variant, depthFiles), Task.class);
            for (Row row : rows) {
                Path file = depthFiles.get(row.variant());
                if (file != null && !row.outcome().finished()) {
                    // the child died: what it wrote to the shared mapping is all that is left of it
                    long depth = readDepth(file);
                    row.metric(DEPTH_REACHED, depth)
                            .metric(BYTES_PER_FRAME, depth > 0 ? NATIVE_STACK_BYTES / depth : 0);
                }
            }
            return result(context, reading(rows), rows);
        } finally {
            depthFiles.values().forEach(file -> TempDirs.deleteTree(file.getParent()));
        }
    }

    private static List<String> flags(Variant variant, Map<Variant, Path> depthFiles) {
        if (variant.side() == Side.HEAP) {
            return javaStack(variant).map(stack -> List.of("-Xss" + stack.xss())).orElse(List.of());
        }
        try {
            Path file = TempDirs.create("lab07").resolve("depth.bin");
            Files.write(file, new byte[Long.BYTES]);
            depthFiles.put(variant, file);
            return List.of("-Xss" + (NATIVE_STACK_BYTES >> 20) + "m", "-D" + DEPTH_FILE_PROPERTY + "=" + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the depth file: " + e.getMessage(), e);
        }
    }

    private static long readDepth(Path file) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder()).getLong(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Java survives its overflow, C does not: "StackOverflowError caught; the thread went on (depth 1,790
     * at -Xss256k, ...); C recursion was killed by SIGSEGV at depth 29,044 (288 B a frame) ...".
     */
    private static String reading(List<Row> rows) {
        List<String> clauses = new ArrayList<>();
        List<Row> java = JAVA_STACKS.stream()
                .flatMap(stack -> Readings.finished(rows, Side.HEAP, stack.kind()).stream()).toList();
        if (!java.isEmpty()) {
            // what the JVM did, in the words of the child that did it, then how deep each stack went
            List<String> depths = new ArrayList<>();
            for (Row row : java) {
                String xss = javaStack(row.variant()).orElseThrow().xss();
                depths.add(String.format("%,d at %s", row.longMetric(DEPTH_REACHED),
                        depths.isEmpty() ? "-Xss" + xss : xss));
            }
            clauses.add(java.get(0).labels().getOrDefault(RESULT, "Java recursion overflowed") + " (depth "
                    + String.join(", ", depths) + ")");
        }
        // the native recursion's lesson is its death: its depth survives in the depth file
        Readings.natives(died(rows, Side.FFM), died(rows, Side.JNR),
                row -> String.format("%s at depth %,d (%,d B a frame)", row.outcome().describe(),
                        row.longMetric(DEPTH_REACHED), row.longMetric(BYTES_PER_FRAME)),
                (ffm, jnr) -> ffm.outcome().describe().equals(jnr.outcome().describe())
                        && Readings.within(row -> row.longMetric(DEPTH_REACHED), 0.01).test(ffm, jnr))
                .ifPresent(death -> clauses.add("C recursion was " + death));
        List<String> fixes = new ArrayList<>();
        Readings.allFinished(rows, "bounded_recursion").stream().filter(row -> row.has(DEPTH_REACHED)).findFirst()
                .ifPresent(row -> fixes.add(String.format("a depth bound (%,d frames)",
                        row.longMetric(DEPTH_REACHED))));
        Readings.allFinished(rows, "iterative").stream().filter(row -> row.has(RESULT_VALUE)).findFirst()
                .ifPresent(row -> fixes.add(String.format("a loop (%,d steps, one frame)",
                        row.longMetric(RESULT_VALUE))));
        if (!fixes.isEmpty()) {
            clauses.add(String.join(" and ", fixes) + " went on");
        }
        return Readings.sentence(clauses, Readings.unfinished(rows, Lab07_StackOverflow::diedOfTheLesson));
    }

    /** The unbounded C recursion, killed by a signal, with the depth it reached. */
    private static Optional<Row> died(List<Row> rows, Side side) {
        return rows.stream().filter(row -> row.variant().equals(new Variant(side, "unbounded_recursion")))
                .filter(Lab07_StackOverflow::diedOfTheLesson).filter(row -> row.has(DEPTH_REACHED)).findFirst();
    }

    /** Unbounded C recursion killed by a signal: what the lab shows, not a run gone wrong. */
    private static boolean diedOfTheLesson(Row row) {
        return row.variant().kind().equals("unbounded_recursion") && row.outcome() instanceof Outcome.Killed;
    }

    /** One variant in a child JVM with its own -Xss (count = target frames). */
    public static final class Task implements ChildTask {

        private static long javaDepth;

        @Override
        public Row run(VariantArgs args) throws IOException {
            Variant variant = args.variant();
            Row row = new Row(variant);
            if (variant.side() == Side.HEAP) {
                if (variant.kind().equals("iterative")) {
                    long result = 0;
                    for (long frame = 1; frame <= args.count(); frame++) {
                        result = frame;
                    }
                    return row.metric(RESULT_VALUE, result).label(RESULT, loopFinding(args.count()));
                }
                JavaStack stack = javaStack(variant)
                        .orElseThrow(() -> new IllegalArgumentException("unknown variant " + variant));
                long depth = recurseUntilOverflow();
                long again = recurseUntilOverflow(); // caught, and the thread is as good as new
                return row.metric(DEPTH_REACHED, depth).metric(DEPTH_AFTER_RECOVERY, again)
                        .metric(BYTES_PER_FRAME, stack.bytes() / depth)
                        .label(RESULT, "StackOverflowError caught; the thread went on");
            }
            StackOverflowNative lib = StackOverflowNative.of(variant.side().binding());
            try (Arena arena = Arena.ofConfined();
                 FileChannel channel = FileChannel.open(Path.of(System.getProperty(DEPTH_FILE_PROPERTY)),
                         StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // shared with the parent through the file: it outlives this process
                MemorySegment depth = channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES, arena);
                switch (variant.kind()) {
                    case "unbounded_recursion" -> lib.recurse(Long.MAX_VALUE, depth.address()); // never returns
                    case "bounded_recursion" -> {
                        long result = lib.recurseBounded(args.count(), BOUNDED_MAX_DEPTH, depth.address());
                        long reached = depth.get(ValueLayout.JAVA_LONG, 0);
                        row.metric(DEPTH_REACHED, reached).metric(RESULT_VALUE, result)
                                .label(RESULT, result < 0 ? "refused at the bound, " + String.format("%,d",
                                        BOUNDED_MAX_DEPTH) + " frames; the process went on" : "finished within the bound");
                    }
                    case "iterative" -> row.metric(RESULT_VALUE, lib.iterate(args.count()))
                            .label(RESULT, loopFinding(args.count()));
                    default -> throw new IllegalArgumentException("unknown variant " + variant);
                }
            }
            return row;
        }

        private static String loopFinding(long steps) {
            return "a loop: one frame for " + String.format("%,d", steps) + " steps";
        }

        private static long recurseUntilOverflow() {
            javaDepth = 0;
            try {
                descend();
            } catch (StackOverflowError expected) {
                // the lesson: an Error the JVM throws, and a program may catch
            }
            return javaDepth;
        }

        private static void descend() {
            javaDepth++;
            descend();
        }
    }
}
