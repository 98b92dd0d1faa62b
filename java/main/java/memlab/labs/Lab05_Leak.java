package memlab.labs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import memlab.measure.ProcessProbe;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;

/**
 * Lab 05 — leak (seed 001, Task 3: memory_leak_demo.py).
 *
 * <p>The seed appends a 10 MB chunk of "transactions" to a global list ten times and watches
 * RSS climb; its fix is a bounded cache. memlab does the same on the heap, and the C version
 * the seed only describes ({@code malloc} and "FORGOT to free") through FFM and JNR:
 *
 * <ul>
 *   <li>{@code malloc_no_free}: every chunk malloc'd and written, none freed. The tracked
 *       allocator ends with exactly iterations x size live bytes, and RSS grows by as much.</li>
 *   <li>{@code malloc_free}: the same, freed each iteration: 0 live bytes at the end.</li>
 *   <li>{@code malloc_no_free_untouched}: the same leak, never written. The allocator's books
 *       say 100 MiB is gone, RSS barely moves: the OS backs a page only when it is first written.
 *       A leak of untouched memory costs address space now and RAM later.</li>
 *   <li>{@code heap_unbounded_list}: the seed's leak. A GC cannot free what is still reachable:
 *       heap used after a full collection climbs by one chunk per iteration. A chunk is stored as
 *       64 KiB slices: one 10 MiB array would be a G1 "humongous" object occupying whole regions,
 *       and heap used would count the rounding, not the data.</li>
 *   <li>{@code heap_bounded_cache}: the seed's fix, keeping the last five chunks: the heap
 *       plateaus at five chunks.</li>
 * </ul>
 *
 * <p>Each variant runs in a fresh child JVM, so a leak stays in the process that leaked (as a real
 * leak does) and every variant starts from a clean RSS and a clean tracked allocator. Native
 * variants run with a fixed, pre-touched heap and no JIT ({@link ChildJvm#QUIET_NATIVE_FLAGS}): otherwise
 * each full GC shrinks the heap and RSS falls while the leak grows, and the compiler's own mallocs
 * move the process allocator by megabytes: that would measure G1 and C2, not the leak.
 */
public final class Lab05_Leak implements Lab {

    /** The seed's fix: {@code if len(leaked_transactions) > 5: pop(0)}. */
    static final int CACHE_CAPACITY = 5;

    /** Heap slices stay below G1's humongous threshold (half a region, at least 512 KiB). */
    static final int SLICE_BYTES = 64 * 1024;


    @Override
    public String id() {
        return "leak";
    }

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String title() {
        return "Memory leak: malloc without free vs a list that only grows";
    }

    @Override
    public String seed() {
        return "001 Task 3 (memory_leak_demo.py)";
    }

    @Override
    public String seedFigure() {
        return "Python: 10 iterations x ~10 MB of dicts appended to a global list; RSS climbs each iteration"
                + " (the seed prints no fixed figure). C: malloc(1000000) in a loop without free, \"after 1000"
                + " iterations -> lost 1GB\".";
    }

    @Override
    public String lesson() {
        return "A leak is memory still owned but never used again. In C nothing frees a forgotten malloc: the"
                + " tracked allocator counts every byte still live, and RSS grows once the pages are written"
                + " (untouched, the same leak barely moves RSS). On the heap the GC frees only unreachable"
                + " objects: a list that only grows is a leak the GC must keep; a bounded cache is the fix.";
    }

    @Override
    public String countName() {
        return "iterations";
    }

    @Override
    public long maxCount() {
        return 10_000;
    }

    @Override
    public String sizeName() {
        return "bytes per chunk";
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("size_bytes", params.sizeBytes());
        map.put("iterations", params.count());
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(10L << 20, 10);
    }

    @Override
    public Params quick() {
        return new Params(2L << 20, 8);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long all = Budget.times(params.sizeBytes(), params.count());
        return Budget.Plan.of(all, all);
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Line("rss", "Resident set size per iteration", "iteration", "rss_bytes", "MiB"),
                new LabResult.Line("tracked", "Tracked native live bytes per iteration", "iteration",
                        "tracked_live_bytes", "MiB"),
                new LabResult.Line("heap", "Heap used after a full GC per iteration", "iteration",
                        "heap_used_bytes", "MiB"));
    }

    /** The variants of a side, in the order they are shown. */
    static List<String> variants(Side side) {
        return switch (side) {
            case HEAP -> List.of("heap_unbounded_list", "heap_bounded_cache");
            case FFM, JNR -> List.of(side.id() + "_malloc_no_free", side.id() + "_malloc_free",
                    side.id() + "_malloc_no_free_untouched");
        };
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 05 leak", Lab05_Leak::variants,
                variant -> variant.startsWith("heap_") ? List.of() : ChildJvm.QUIET_NATIVE_FLAGS, Variant.class);
        return result(context, reading(rows, context.params()), rows);
    }

    private static String reading(List<Row> rows, Params params) {
        List<String> parts = new ArrayList<>();
        long leaked = params.sizeBytes() * params.count();
        for (Row row : rows) {
            if (!row.metrics().containsKey("tracked_live_bytes")) {
                parts.add(row.variant() + " " + row.labels().getOrDefault("outcome", "failed"));
            } else if (row.variant().endsWith("_malloc_no_free")) {
                parts.add(String.format("%s leaves %s live (%d x %s) and RSS +%s", row.variant(),
                        Sizes.format(row.longMetric("tracked_live_bytes")), params.count(),
                        Sizes.format(params.sizeBytes()), Sizes.format(row.longMetric("rss_delta_bytes"))));
            } else if (row.variant().endsWith("_untouched")) {
                parts.add(String.format("untouched, the same %s leak moves RSS by only %s", Sizes.format(leaked),
                        Sizes.format(row.longMetric("rss_delta_bytes"))));
            } else if (row.variant().endsWith("_malloc_free")) {
                String part = String.format("%s ends with %s live", row.variant(),
                        Sizes.format(row.longMetric("tracked_live_bytes")));
                long rss = row.longMetric("rss_delta_bytes");
                if (rss > params.sizeBytes() / 2 && row.longMetric("allocator_in_use_delta_bytes") < params.sizeBytes() / 2) {
                    // measured: RSS up, nothing in use: the C allocator kept freed pages for reuse
                    part += String.format(", yet RSS +%s: the C allocator kept freed memory for reuse"
                            + " instead of returning it to the OS (lab 12)", Sizes.format(rss));
                }
                parts.add(part);
            } else {
                parts.add(String.format("%s keeps %s of heap after a full GC", row.variant(),
                        Sizes.format(row.longMetric("heap_used_delta_bytes"))));
            }
        }
        return String.join("; ", parts) + ".";
    }

    /** One variant, measured in a child JVM of its own: args are side, variant, size, iterations. */
    public static final class Variant implements ChildTask {

        @Override
        public Row run(List<String> args) {
            VariantArgs variantArgs = VariantArgs.parse(args);
            Side side = variantArgs.side();
            String variant = variantArgs.variant();
            long size = variantArgs.sizeBytes();
            int iterations = variantArgs.countAsInt();
            Iteration iteration = iteration(side, variant, size);

            if (side != Side.HEAP) {
                // warm-up: the binding's first calls load and compile its stubs, off the record
                NativeMemory lib = Natives.forSide(side);
                lib.free(lib.leakChunk(4096, true));
            }
            Row row = new Row(side, variant);
            Snapshot start = Snapshot.take();
            long began = System.nanoTime();
            for (int i = 1; i <= iterations; i++) {
                iteration.run();
                Snapshot now = Snapshot.take();
                Map<String, Number> point = new LinkedHashMap<>();
                point.put("iteration", i);
                point.put("rss_bytes", now.rss);
                point.put("tracked_live_bytes", now.trackedLive);
                point.put("heap_used_bytes", now.heapUsed);
                point.put("allocator_in_use_bytes", now.allocatorInUse);
                row.point(point);
            }
            long elapsed = System.nanoTime() - began;
            Snapshot end = Snapshot.take();
            return row.metric("tracked_live_bytes", end.trackedLive - start.trackedLive)
                    .metric("rss_delta_bytes", end.rss - start.rss)
                    .metric("heap_used_delta_bytes", end.heapUsed - start.heapUsed)
                    .metric("allocator_in_use_delta_bytes", end.allocatorInUse - start.allocatorInUse)
                    .metric("elapsed_ns", elapsed);
        }

        private static Iteration iteration(Side side, String variant, long size) {
            if (side == Side.HEAP) {
                return heapIteration(variant, size);
            }
            NativeMemory lib = Natives.forSide(side);
            String kind = variant.substring(side.id().length() + 1);
            return switch (kind) {
                // leaks: the address is dropped, nothing frees the chunk
                case "malloc_no_free" -> () -> requireChunk(lib.leakChunk(size, true), size);
                case "malloc_free" -> () -> lib.free(requireChunk(lib.leakChunk(size, true), size));
                // leaks too, but no page is ever written
                case "malloc_no_free_untouched" -> () -> requireChunk(lib.leakChunk(size, false), size);
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            };
        }

        private static Iteration heapIteration(String variant, long size) {
            return switch (variant) {
                case "heap_unbounded_list" -> {
                    List<byte[][]> leakedTransactions = new ArrayList<>(); // leaks: only ever appended to
                    yield () -> leakedTransactions.add(writtenChunk(size));
                }
                case "heap_bounded_cache" -> {
                    Deque<byte[][]> recentTransactions = new ArrayDeque<>();
                    yield () -> {
                        recentTransactions.addLast(writtenChunk(size));
                        if (recentTransactions.size() > CACHE_CAPACITY) {
                            recentTransactions.removeFirst(); // the fix: the oldest becomes garbage
                        }
                    };
                }
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            };
        }

        /** {@code size} bytes of "transaction data", written, in slices of at most SLICE_BYTES. */
        private static byte[][] writtenChunk(long size) {
            int slices = Math.toIntExact((size + SLICE_BYTES - 1) / SLICE_BYTES);
            byte[][] chunk = new byte[slices][];
            for (int i = 0; i < slices; i++) {
                chunk[i] = new byte[(int) Math.min(SLICE_BYTES, size - (long) i * SLICE_BYTES)];
                Arrays.fill(chunk[i], (byte) 0xA5);
            }
            return chunk;
        }

        private static long requireChunk(long address, long size) {
            if (address == 0) {
                throw new OutOfMemoryError("malloc(" + size + ") returned NULL");
            }
            return address;
        }
    }

    private interface Iteration {
        void run();
    }

    /** What one point of the series records; heap is measured after a full GC. */
    private record Snapshot(long rss, long trackedLive, long heapUsed, long allocatorInUse) {
        static Snapshot take() {
            long heapUsed = HeapProbe.settled().usedBytes();
            var process = ProcessProbe.now();
            return new Snapshot(process.residentBytes(), NativeProbe.trackedLiveBytes(), heapUsed,
                    process.allocatorInUseBytes());
        }
    }
}
