package memlab.labs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import java.util.Set;

import memlab.isolate.ChildTask;
import memlab.isolate.TempDirs;
import memlab.lab.Budget;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.VariantArgs;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;

/**
 * Lab 07 — stack overflow (seed 001, Task 5).
 *
 * <p>Every call takes a stack frame, and a thread's stack has a fixed size: recursion without an
 * end runs out of it. What happens then depends on who owns the stack:
 *
 * <ul>
 *   <li>{@code heap_recursion_xss*}: the JVM guards each thread's stack and throws
 *       {@code StackOverflowError}, an ordinary exception: caught, the thread goes on, and can even
 *       recurse as deep again. The depth grows with {@code -Xss}: measured at 256 KiB, 1 MiB, 8 MiB.</li>
 *   <li>{@code ffm/jnr_unbounded_recursion}: C recursion with a 256-byte array in every frame, in a
 *       child JVM: nothing turns the overflow into an exception. The child dies by a signal (SIGSEGV
 *       on Linux, without even a JVM error report: the handler has no stack left to run on). The
 *       depth it reached survives in a memory-mapped file the C code wrote at every call.</li>
 *   <li>{@code _bounded_recursion} and {@code _iterative}: the two fixes. A depth bound that refuses
 *       instead of overflowing, and the same computation as a loop, one frame whatever the depth.</li>
 * </ul>
 *
 * <p>{@code bytes_per_frame} is the stack size divided by the measured depth: the whole stack,
 * including what was in use before the recursion began, spread over the frames.
 */
public final class Lab07_StackOverflow implements Lab {

    static final List<String> JAVA_STACK_SIZES = List.of("256k", "1m", "8m");
    /** The native side's stack: the size C programs usually get for their main thread. */
    static final long NATIVE_STACK_BYTES = 8L << 20;
    static final long BOUNDED_MAX_DEPTH = 10_000;
    static final String DEPTH_FILE_PROPERTY = "memlab.depth.file";

    @Override
    public String id() {
        return "stack-overflow";
    }

    @Override
    public int number() {
        return 7;
    }

    @Override
    public String title() {
        return "Stack overflow: an exception on the JVM, a dead process in C";
    }

    @Override
    public String seed() {
        return "001 Task 5 (stack overflow)";
    }

    @Override
    public String seedFigure() {
        return "\"Stack: limited (~1-8MB per thread) ... Error: Stack Overflow if too deep recursion\"; the seed"
                + " measures no depth.";
    }

    @Override
    public String lesson() {
        return "A thread's stack is a fixed few MiB and every call takes a frame from it. The JVM guards the end"
                + " of each stack and throws StackOverflowError, which a program can catch and survive; -Xss"
                + " sets how deep it gets. C has no such guard that a program can handle: unbounded recursion"
                + " kills the whole process by a signal. The fixes are a depth bound or a loop.";
    }

    @Override
    public String countName() {
        return "frames asked of the fixes";
    }

    @Override
    public long maxCount() {
        return 1_000_000_000L;
    }

    @Override
    public String sizeName() {
        return null; // stack sizes are the lab's subject, fixed: 256k/1m/8m for Java, 8 MiB for C
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("fix_target_frames", params.count());
        map.put("bounded_max_depth", BOUNDED_MAX_DEPTH);
        map.put("native_stack_bytes", NATIVE_STACK_BYTES);
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(1, 100_000_000);
    }

    @Override
    public Params quick() {
        return new Params(1, 1_000_000);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        return Budget.Plan.of(NATIVE_STACK_BYTES, NATIVE_STACK_BYTES);
    }

    static List<String> variants(Side side) {
        return switch (side) {
            case HEAP -> {
                List<String> variants = new ArrayList<>();
                JAVA_STACK_SIZES.forEach(size -> variants.add("heap_recursion_xss" + size));
                variants.add("heap_iterative");
                yield variants;
            }
            case FFM, JNR -> List.of(side.id() + "_unbounded_recursion", side.id() + "_bounded_recursion",
                    side.id() + "_iterative");
        };
    }

    @Override
    public LabResult run(LabContext context) {
        Map<String, Path> depthFiles = new LinkedHashMap<>();
        try {
            List<Row> rows = context.runInChildren("lab 07 stack overflow", Lab07_StackOverflow::variants,
                    variant -> flags(variant, depthFiles), Variant.class);
            for (Row row : rows) {
                Path file = depthFiles.get(row.variant());
                if (file != null && row.metrics().containsKey("exit_code")) {
                    // the child died: what it wrote to the shared mapping is all that is left of it
                    long depth = readDepth(file);
                    row.metric("depth_reached_count", depth)
                            .metric("bytes_per_frame", depth > 0 ? NATIVE_STACK_BYTES / depth : 0);
                }
            }
            return result(context, reading(rows), rows);
        } finally {
            depthFiles.values().forEach(file -> TempDirs.deleteTree(file.getParent()));
        }
    }

    private static List<String> flags(String variant, Map<String, Path> depthFiles) {
        if (variant.startsWith("heap_recursion_xss")) {
            return List.of("-Xss" + variant.substring("heap_recursion_xss".length()));
        }
        if (variant.startsWith("heap_")) {
            return List.of();
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

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            String outcome = row.labels().getOrDefault("outcome", "");
            if (row.metrics().containsKey("bytes_per_frame")) {
                parts.add(String.format("%s: depth %,d (%,d B a frame), %s", row.variant(),
                        row.longMetric("depth_reached_count"), row.longMetric("bytes_per_frame"), outcome));
            } else {
                parts.add(row.variant() + ": " + outcome);
            }
        }
        return String.join("; ", parts) + ".";
    }

    /** One variant in a child JVM with its own -Xss: args are {@link VariantArgs} (count = target frames). */
    public static final class Variant implements ChildTask {

        private static long javaDepth;

        @Override
        public Row run(List<String> args) throws IOException {
            VariantArgs variant = VariantArgs.parse(args);
            Row row = new Row(variant.side(), variant.variant());
            String name = variant.variant();
            if (name.startsWith("heap_recursion_xss")) {
                long depth = recurseUntilOverflow();
                long again = recurseUntilOverflow(); // caught, and the thread is as good as new
                long stack = parseStackSize(name.substring("heap_recursion_xss".length()));
                return row.metric("depth_reached_count", depth).metric("depth_after_recovery_count", again)
                        .metric("bytes_per_frame", stack / depth)
                        .label("outcome", "StackOverflowError caught; the thread went on");
            }
            if (name.equals("heap_iterative")) {
                long result = 0;
                for (long frame = 1; frame <= variant.count(); frame++) {
                    result = frame;
                }
                return row.metric("result_value", result).label("outcome", "a loop: one frame for "
                        + String.format("%,d", variant.count()) + " steps");
            }
            NativeMemory lib = Natives.forSide(variant.side());
            try (Arena arena = Arena.ofConfined();
                 FileChannel channel = FileChannel.open(Path.of(System.getProperty(DEPTH_FILE_PROPERTY)),
                         StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // shared with the parent through the file: it outlives this process
                MemorySegment depth = channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES, arena);
                String kind = name.substring(variant.side().id().length() + 1);
                switch (kind) {
                    case "unbounded_recursion" -> lib.recurse(Long.MAX_VALUE, depth.address()); // never returns
                    case "bounded_recursion" -> {
                        long result = lib.recurseBounded(variant.count(), BOUNDED_MAX_DEPTH, depth.address());
                        long reached = depth.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0);
                        row.metric("depth_reached_count", reached).metric("result_value", result)
                                .label("outcome", result < 0 ? "refused at the bound, " + String.format("%,d",
                                        BOUNDED_MAX_DEPTH) + " frames; the process went on" : "finished within the bound");
                    }
                    case "iterative" -> row.metric("result_value", lib.iterate(variant.count()))
                            .label("outcome", "a loop: one frame for " + String.format("%,d", variant.count()) + " steps");
                    default -> throw new IllegalArgumentException("unknown variant " + name);
                }
            }
            return row;
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

        static long parseStackSize(String size) {
            long value = Long.parseLong(size.substring(0, size.length() - 1));
            return switch (size.charAt(size.length() - 1)) {
                case 'k' -> value << 10;
                case 'm' -> value << 20;
                default -> throw new IllegalArgumentException(size);
            };
        }
    }
}
