package memlab.labs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.ArrayList;
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
import memlab.measure.ProcessProbe;
import memlab.nativelib.FfmNative;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;
import memlab.nativelib.ProcessStats;

/**
 * Lab 06 — virtual memory (seed 001, Task 4: virtual_memory_test.py).
 *
 * <p>The seed allocated 500 MB of floats and waited for page faults. The steps underneath, one at
 * a time, each measured as virtual size, resident size and minor page faults:
 *
 * <ul>
 *   <li>{@code ffm/jnr_reserve_then_touch}: reserve 1 GiB of address space (mmap PROT_NONE,
 *       VirtualAlloc MEM_RESERVE): virtual size +1 GiB, resident +0. Then commit and write 25%,
 *       50%, 100%: every first write of a page is a minor fault, and the page becomes resident;
 *       faults = pages written (transparent huge pages are off for the region). Random reads after
 *       that fault no more: the pages are in RAM, the seed's "page fault" step never comes.</li>
 *   <li>{@code ffm_malloc_untouched}: {@code malloc(1 GiB)} is the same reservation in disguise:
 *       address space now, memory on first write. Reading untouched pages faults too, but maps
 *       the shared zero page: RSS barely moves.</li>
 *   <li>{@code ffm_arena_allocate}: {@code Arena.allocate} zeroes what it returns, so it writes
 *       every page: all of it resident at once.</li>
 *   <li>{@code heap_byte_array}: the JVM zeroes a new array too (and G1 commits the regions).</li>
 * </ul>
 *
 * <p>Each variant runs in a fresh child JVM; native ones with a fixed, pre-touched heap and no JIT,
 * so neither the JVM's heap sizing nor its compiler moves virtual or resident size while the lab
 * measures.
 */
public final class Lab06_VirtualMemory implements Lab {

    static final int[] TOUCH_PERCENTS = {25, 50, 100};
    static final long RANDOM_READS = 100_000;

    @Override
    public String id() {
        return "virtual-memory";
    }

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String title() {
        return "Virtual memory: address space is free, touched pages are not";
    }

    @Override
    public String seed() {
        return "001 Task 4 (virtual_memory_test.py)";
    }

    @Override
    public String seedFigure() {
        return "\"Allocating 500 MB ... some accessed from RAM, some from disk\"; pages are 4 KB; RAM access"
                + " 100 ns vs disk 10 ms. The seed measures neither faults nor resident size.";
    }

    @Override
    public String lesson() {
        return "Reserving address space costs no memory: virtual size grows, resident size does not. A page"
                + " becomes resident on its first write, one minor fault each, so resident size follows what was"
                + " touched, not what was allocated. malloc of an untouched block behaves the same; Arena.allocate"
                + " and new byte[] zero their memory and so touch all of it at once.";
    }

    @Override
    public String countName() {
        return "random reads after touching";
    }

    @Override
    public long maxCount() {
        return 100_000_000;
    }

    @Override
    public String sizeName() {
        return "bytes reserved";
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("size_bytes", params.sizeBytes());
        map.put("random_reads", params.count());
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(1L << 30, RANDOM_READS);
    }

    @Override
    public Params quick() {
        return new Params(64L << 20, RANDOM_READS);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        return Budget.Plan.of(params.sizeBytes(), params.sizeBytes());
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Line("resident", "Resident size as the reserved block is touched", "touched_percent",
                        "rss_bytes", "MiB"),
                new LabResult.Line("virtual", "Virtual size as the reserved block is touched", "touched_percent",
                        "virtual_bytes", "MiB"));
    }

    static List<String> variants(Side side) {
        return switch (side) {
            case HEAP -> List.of("heap_byte_array");
            case FFM -> List.of("ffm_reserve_then_touch", "ffm_malloc_untouched", "ffm_arena_allocate");
            case JNR -> List.of("jnr_reserve_then_touch");
        };
    }

    @Override
    public LabResult run(LabContext context) {
        long heapForArrays = context.params().sizeBytes() + (256L << 20);
        List<Row> rows = context.runInChildren("lab 06 virtual memory", Lab06_VirtualMemory::variants,
                variant -> variant.startsWith("heap_") ? List.of("-Xmx" + (heapForArrays >> 20) + "m")
                        : ChildJvm.QUIET_NATIVE_FLAGS, Variant.class);
        return result(context, reading(rows), rows);
    }

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            if (!row.metrics().containsKey("virtual_delta_bytes")) {
                parts.add(row.variant() + " " + row.labels().getOrDefault("outcome", "failed"));
            } else if (row.metrics().containsKey("reserved_rss_bytes")) {
                parts.add(String.format("%s: reserving added %s of address space and %s resident; writing it all"
                                + " took %,d faults for %,d pages", row.variant(),
                        Sizes.format(row.longMetric("virtual_delta_bytes")), Sizes.format(row.longMetric("reserved_rss_bytes")),
                        row.longMetric("touched_faults_count"), row.longMetric("pages_count")));
            } else {
                long virtual = row.longMetric("virtual_delta_bytes");
                long resident = row.longMetric("rss_delta_bytes");
                String part = String.format("%s: virtual +%s, resident +%s", row.variant(), Sizes.format(virtual),
                        Sizes.format(resident));
                if (row.side() == Side.HEAP && virtual < resident / 10) {
                    part += " (no new address space: the JVM reserved its whole maximum heap at start)";
                }
                if (row.metrics().containsKey("untouched_read_faults_count")) {
                    part += String.format("; reading untouched pages took %,d faults and +%s resident (the shared"
                            + " zero page)", row.longMetric("untouched_read_faults_count"),
                            Sizes.format(row.longMetric("untouched_read_rss_bytes")));
                }
                parts.add(part);
            }
        }
        return String.join("; ", parts) + ".";
    }

    /** One variant in a child JVM: args are {@link VariantArgs} (size = bytes, count = random reads). */
    public static final class Variant implements ChildTask {

        @Override
        public Row run(List<String> args) {
            VariantArgs variant = VariantArgs.parse(args);
            long size = variant.sizeBytes();
            Row row = new Row(variant.side(), variant.variant());
            long page = FfmNative.get().pageSize();
            row.metric("page_size_bytes", page).metric("pages_count", size / page);
            NativeMemory lib = variant.side() == Side.HEAP ? null : Natives.forSide(variant.side());
            if (lib != null) {
                lib.pageSize(); // the binding's own first use (JNR loads its stubs), before the baseline
            }
            ProcessProbe.now();
            ProcessStats start = ProcessProbe.now();
            switch (variant.variant()) {
                case "ffm_reserve_then_touch", "jnr_reserve_then_touch" ->
                        reserveThenTouch(lib, size, variant.count(), start, row);
                case "ffm_malloc_untouched" -> {
                    long block = lib.malloc(size);
                    if (block == 0) {
                        throw new OutOfMemoryError("malloc(" + size + ") returned NULL");
                    }
                    ProcessStats allocated = ProcessProbe.now();
                    deltas(row, start, allocated);
                    lib.vmRandomReads(block, size, variant.count()); // reads of never-written pages
                    ProcessStats read = ProcessProbe.now();
                    row.metric("untouched_read_faults_count", read.minorFaults() - allocated.minorFaults())
                            .metric("untouched_read_rss_bytes", read.residentBytes() - allocated.residentBytes());
                    lib.free(block);
                }
                case "ffm_arena_allocate" -> {
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment segment = arena.allocate(size); // zeroed: every page written
                        deltas(row, start, ProcessProbe.now());
                        Reference.reachabilityFence(segment);
                    }
                }
                case "heap_byte_array" -> {
                    List<byte[]> arrays = new ArrayList<>();
                    for (long left = size; left > 0; left -= 1L << 28) {
                        arrays.add(new byte[(int) Math.min(left, 1L << 28)]); // zeroed by the JVM
                    }
                    deltas(row, start, ProcessProbe.now());
                    Reference.reachabilityFence(arrays);
                }
                default -> throw new IllegalArgumentException("unknown variant " + variant.variant());
            }
            return row;
        }

        private static void deltas(Row row, ProcessStats start, ProcessStats now) {
            row.metric("virtual_delta_bytes", now.virtualBytes() - start.virtualBytes())
                    .metric("rss_delta_bytes", now.residentBytes() - start.residentBytes())
                    .metric("minor_faults_count", now.minorFaults() - start.minorFaults());
        }

        private static void reserveThenTouch(NativeMemory lib, long size, long reads, ProcessStats start, Row row) {
            long block = lib.vmReserve(size);
            if (block == 0) {
                throw new OutOfMemoryError("cannot reserve " + size + " bytes of address space");
            }
            ProcessStats reserved = ProcessProbe.now();
            row.metric("reserved_rss_bytes", reserved.residentBytes() - start.residentBytes());
            row.point(point(0, start, reserved));
            long page = lib.pageSize();
            long touched = 0;
            ProcessStats beforeTouching = reserved;
            ProcessStats now = reserved;
            for (int percent : TOUCH_PERCENTS) {
                long upTo = size / 100 * percent / page * page;
                if (lib.vmCommit(block + touched, upTo - touched) != 0) {
                    throw new IllegalStateException("cannot commit the reserved block");
                }
                lib.touchPages(block + touched, upTo - touched);
                touched = upTo;
                now = ProcessProbe.now();
                row.point(point(percent, start, now));
            }
            deltas(row, start, now);
            row.metric("touched_faults_count", now.minorFaults() - beforeTouching.minorFaults());
            lib.vmRandomReads(block, touched, reads);
            ProcessStats afterReads = ProcessProbe.now();
            row.metric("random_read_faults_count", afterReads.minorFaults() - now.minorFaults());
            lib.vmRelease(block, size);
            ProcessStats released = ProcessProbe.now();
            row.metric("released_rss_bytes", released.residentBytes() - start.residentBytes());
        }

        private static Map<String, Number> point(int percent, ProcessStats start, ProcessStats now) {
            Map<String, Number> point = new LinkedHashMap<>();
            point.put("touched_percent", percent);
            point.put("virtual_bytes", now.virtualBytes() - start.virtualBytes());
            point.put("rss_bytes", now.residentBytes() - start.residentBytes());
            point.put("minor_faults_count", now.minorFaults() - start.minorFaults());
            return point;
        }
    }
}
