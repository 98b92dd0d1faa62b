package memlab.labs.virtualmemory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
import memlab.measure.MemoryPolicy;
import memlab.measure.ProcessProbe;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.ProcessStats;
import memlab.util.Sizes;

/**
 * Lab 06 — virtual memory (seed 001, Task 4: virtual_memory_test.py).
 *
 * <p>The seed allocated 500 MB of floats and waited for page faults. The steps underneath, one at
 * a time, each measured as virtual size, resident size and minor page faults:
 *
 * <ul>
 *   <li>{@code reserve_then_touch} (ffm, jnr): reserve 1 GiB of address space (mmap PROT_NONE,
 *       VirtualAlloc MEM_RESERVE): virtual size +1 GiB, resident +0. Then commit and write 25%,
 *       50%, 100%: every first write of a page is a minor fault, and the page becomes resident;
 *       faults = pages written (transparent huge pages are off for the region). Random reads after
 *       that fault no more: the pages are in RAM, the seed's "page fault" step never comes.</li>
 *   <li>{@code malloc_untouched} (ffm): {@code malloc(1 GiB)} is the same reservation in disguise:
 *       address space now, memory on first touch. Reading untouched pages faults too, and what a
 *       read fault does is the kernel's policy: many kernels map the shared zero page (RSS barely
 *       moves), some make each page resident as a write would (measured so on a Linux 6.18 machine
 *       of this project's CI kind). The lab prints what it saw and the policy it probed
 *       ({@link MemoryPolicy}), and its result says which happened.</li>
 *   <li>{@code arena_allocate} (ffm): {@code Arena.allocate} zeroes what it returns, so it writes
 *       every page: all of it resident at once.</li>
 *   <li>{@code byte_array} (heap): the JVM zeroes a new array too (and G1 commits the regions).</li>
 * </ul>
 *
 * <p>Each variant runs in a fresh child JVM; native ones with a fixed, pre-touched heap and no JIT
 * ({@link JvmFlags#QUIET_NATIVE}), so neither the JVM's heap sizing nor its compiler moves virtual or
 * resident size while the lab measures; {@code arena_allocate} keeps the JIT ({@link #childFlags}).
 */
public final class Lab06_VirtualMemory implements Lab {

    static final long RANDOM_READS = 100_000;

    static final LabInfo INFO = LabInfo.lab(6, "virtual-memory")
            .title("Virtual memory: address space is free, touched pages are not")
            .seed("001 Task 4 (virtual_memory_test.py)", "\"Allocating 500 MB ... some accessed from RAM, some from"
                    + " disk\"; pages are 4 KB; RAM access 100 ns vs disk 10 ms. The seed measures neither faults nor"
                    + " resident size.")
            .question("Does allocating memory take memory at once, or only address space until its pages are"
                    + " written?")
            .lesson("""
                    Reserving address space costs no memory: virtual size grows, resident size does not. A page
                    becomes resident when it is first touched, at a minor fault: on its first write, and on its
                    first read too where the kernel maps no shared zero page for reads. A fault serves one page, or
                    a whole huge page where transparent huge pages serve the memory (the reservation here asks for
                    small pages). So resident size follows what was touched, not what was allocated. malloc of an
                    untouched block behaves the same; Arena.allocate and new byte[] zero their memory and so touch
                    all of it at once.""")
            .count("random_reads", "random reads after touching", 100_000_000)
            .size("size_bytes", "bytes reserved")
            .defaults(1L << 30, RANDOM_READS)
            .quick(64L << 20, RANDOM_READS)
            .build();

    static final int[] TOUCH_PERCENTS = {25, 50, 100};

    static final Metric PAGE_SIZE = Metric.bytes("page_size_bytes");
    static final Metric PAGES = Metric.count("pages_count");
    static final Metric VIRTUAL_DELTA = Metric.bytes("virtual_delta_bytes");
    static final Metric MINOR_FAULTS = Metric.count("minor_faults_count");
    static final Metric RESERVED_RSS = Metric.bytes("reserved_rss_bytes");
    static final Metric TOUCHED_FAULTS = Metric.count("touched_faults_count");
    static final Metric RANDOM_READ_FAULTS = Metric.count("random_read_faults_count");
    static final Metric RELEASED_RSS = Metric.bytes("released_rss_bytes");
    static final Metric UNTOUCHED_READ_FAULTS = Metric.count("untouched_read_faults_count");
    static final Metric UNTOUCHED_READ_RSS = Metric.bytes("untouched_read_rss_bytes");

    /** Series point keys besides the metrics': how much of the block is written, the virtual size grown. */
    static final String TOUCHED_PERCENT = "touched_percent";
    static final String VIRTUAL = "virtual_bytes";

    @Override
    public LabInfo info() {
        return INFO;
    }

    /** Read faults depend on the zero page, write faults on huge pages, a 1 GiB reservation on overcommit. */
    @Override
    public Set<MemoryPolicy.Aspect> policies() {
        return EnumSet.of(MemoryPolicy.Aspect.ZERO_PAGE, MemoryPolicy.Aspect.HUGE_PAGES, MemoryPolicy.Aspect.OVERCOMMIT,
                MemoryPolicy.Aspect.CGROUP);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        return Budget.Plan.of(params.sizeBytes(), params.sizeBytes());
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Line("resident", "Resident size grows only as pages are first written", TOUCHED_PERCENT,
                        Metrics.RSS.name(), "bytes"),
                new LabResult.Line("virtual", "Virtual size is taken at once, when the block is reserved", TOUCHED_PERCENT,
                        VIRTUAL, "bytes"));
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "byte_array");
            case FFM -> Variant.of(side, "reserve_then_touch", "malloc_untouched", "arena_allocate");
            case JNR -> Variant.of(side, "reserve_then_touch");
        };
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(VIRTUAL_DELTA, "virtual +"),
                Column.of(Metrics.RSS_DELTA, "RSS +"),
                Column.of(MINOR_FAULTS, "faults"),
                Column.of(RESERVED_RSS, "RSS reserved"));
    }

    @Override
    public LabResult run(LabContext context) {
        long heapForArrays = context.params().sizeBytes() + (256L << 20);
        // one at a time: each child touches up to --size, and a neighbour's pages would press on its RSS
        List<Row> rows = context.runInChildren("lab 06 virtual memory", Lab06_VirtualMemory::variants,
                variant -> childFlags(variant, heapForArrays), Task.class);
        return result(context, reading(rows), rows);
    }

    /**
     * A heap for the arrays; for native variants a quiet one without JIT, except Arena.allocate: JDK 25
     * zeroes a new segment in Java code, which interpreted took 11 s for 1 GiB here and compiled 0.6 s.
     * Its witnesses are virtual and resident size, which move by the whole size; the JIT's own few
     * MiB of malloc, the reason for no JIT elsewhere, would only show in the allocator.
     */
    static List<String> childFlags(Variant variant, long heapForArrays) {
        if (variant.side() == Side.HEAP) {
            return List.of("-Xmx" + (heapForArrays >> 20) + "m");
        }
        return variant.kind().equals("arena_allocate") ? JvmFlags.STABLE_HEAP : JvmFlags.QUIET_NATIVE;
    }

    /**
     * Address space against resident memory: "Reserving 64.0 MiB made 0 B resident, and writing its
     * 16,384 pages took 16,406 faults ...; an untouched malloc of 64.0 MiB is 4.0 KiB resident, and
     * reading it took ... (the shared zero page), while Arena.allocate (64.0 MiB) ... are resident at once".
     */
    private static String reading(List<Row> rows) {
        List<String> clauses = new ArrayList<>();
        // a page or two more or less is the JVM's own: the same lesson through either binding
        Readings.natives(Readings.finished(rows, Side.FFM, "reserve_then_touch"),
                Readings.finished(rows, Side.JNR, "reserve_then_touch"),
                row -> String.format("%,d faults", row.longMetric(TOUCHED_FAULTS)),
                Readings.within(row -> row.longMetric(TOUCHED_FAULTS), 0.01)).ifPresent(faults -> {
            Row row = Readings.allFinished(rows, "reserve_then_touch").get(0);
            clauses.add(String.format("reserving %s made %s resident, and writing its %,d pages took %s", Sizes.format(row.longMetric(VIRTUAL_DELTA)),
                    Sizes.format(row.longMetric(RESERVED_RSS)), row.longMetric(PAGES), faults));
        });
        String untouched = Readings.finished(rows, Side.FFM, "malloc_untouched").map(row -> String.format(
                "an untouched malloc of %s is %s resident, and %s", Sizes.format(row.longMetric(VIRTUAL_DELTA)),
                Sizes.format(row.longMetric(Metrics.RSS_DELTA)), untouchedReads(row))).orElse("");
        List<Row> zeroing = new ArrayList<>();
        Readings.finished(rows, Side.FFM, "arena_allocate").ifPresent(zeroing::add);
        Readings.finished(rows, Side.HEAP, "byte_array").ifPresent(zeroing::add);
        if (!zeroing.isEmpty()) {
            String who = zeroing.stream().map(row -> (row.side() == Side.HEAP ? "a new byte[] (" : "Arena.allocate (")
                    + Sizes.format(row.longMetric(Metrics.RSS_DELTA)) + ")").collect(Collectors.joining(" and "));
            // measured: (nearly) every page resident at once, written by the zeroing
            boolean atOnce = zeroing.stream().allMatch(row ->
                    row.longMetric(Metrics.RSS_DELTA) >= row.longMetric(PAGES) * row.longMetric(PAGE_SIZE) * 9 / 10);
            String zeroed = who + (!atOnce ? " resident" : zeroing.size() > 1 ? " are resident at once" : " is resident at once");
            untouched = untouched.isEmpty() ? zeroed : untouched + ", while " + zeroed;
        }
        clauses.add(untouched);
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }

    /**
     * What reading never-written pages did, as measured: "reading it took 83,235 faults and made
     * 325.1 MiB resident (no shared zero page here)", or "... made 4.0 KiB resident (the shared zero
     * page)". Resident for more than half of what the faults could have mapped in small pages means
     * real pages served the reads.
     */
    static String untouchedReads(Row row) {
        long faults = row.longMetric(UNTOUCHED_READ_FAULTS);
        long resident = row.longMetric(UNTOUCHED_READ_RSS);
        boolean madeResident = resident * 2 > faults * row.longMetric(PAGE_SIZE) && resident > 0;
        return String.format("reading it took %,d faults and made %s resident (%s)", faults, Sizes.format(resident),
                madeResident ? ZERO_PAGE_ABSENT : ZERO_PAGE_USED);
    }

    static final String ZERO_PAGE_ABSENT = "no shared zero page here";
    static final String ZERO_PAGE_USED = "the shared zero page";

    /** One variant in a child JVM (size = bytes, count = random reads). */
    public static final class Task implements ChildTask {

        @Override
        public Row run(VariantArgs args) {
            long size = args.sizeBytes();
            Row row = new Row(args.variant());
            long page = Binding.FFM.memory().pageSize();
            row.metric(PAGE_SIZE, page).metric(PAGES, size / page);
            NativeMemory memory = args.side() == Side.HEAP ? null : args.side().memory();
            VirtualMemoryNative vm = args.side() == Side.HEAP ? null : VirtualMemoryNative.of(args.side().binding());
            if (memory != null) {
                // the bindings' first uses (JNR loads its stubs, FFM links its handles), before the baseline
                memory.pageSize();
                vm.vmRelease(vm.vmReserve(page), page);
            }
            ProcessProbe.now();
            ProcessStats start = ProcessProbe.now();
            switch (args.kind()) {
                case "reserve_then_touch" -> reserveThenTouch(memory, vm, size, args.count(), start, row);
                case "malloc_untouched" -> {
                    long block = memory.malloc(size);
                    if (block == 0) {
                        throw new OutOfMemoryError("malloc(" + size + ") returned NULL");
                    }
                    ProcessStats allocated = ProcessProbe.now();
                    deltas(row, start, allocated);
                    vm.vmRandomReads(block, size, args.count()); // reads of never-written pages
                    ProcessStats read = ProcessProbe.now();
                    row.metric(UNTOUCHED_READ_FAULTS, read.minorFaults() - allocated.minorFaults())
                            .metric(UNTOUCHED_READ_RSS, read.residentBytes() - allocated.residentBytes());
                    memory.free(block);
                }
                case "arena_allocate" -> {
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment segment = arena.allocate(size); // zeroed: every page written
                        deltas(row, start, ProcessProbe.now());
                        Reference.reachabilityFence(segment);
                    }
                }
                case "byte_array" -> {
                    List<byte[]> arrays = new ArrayList<>();
                    for (long left = size; left > 0; left -= 1L << 28) {
                        arrays.add(new byte[(int) Math.min(left, 1L << 28)]); // zeroed by the JVM
                    }
                    deltas(row, start, ProcessProbe.now());
                    Reference.reachabilityFence(arrays);
                }
                default -> throw new IllegalArgumentException("unknown variant " + args.variant());
            }
            return row;
        }

        private static void deltas(Row row, ProcessStats start, ProcessStats now) {
            row.metric(VIRTUAL_DELTA, now.virtualBytes() - start.virtualBytes())
                    .metric(Metrics.RSS_DELTA, now.residentBytes() - start.residentBytes())
                    .metric(MINOR_FAULTS, now.minorFaults() - start.minorFaults());
        }

        private static void reserveThenTouch(NativeMemory memory, VirtualMemoryNative vm, long size, long reads,
                                             ProcessStats start, Row row) {
            long block = vm.vmReserve(size);
            if (block == 0) {
                throw new OutOfMemoryError("cannot reserve " + size + " bytes of address space");
            }
            ProcessStats reserved = ProcessProbe.now();
            row.metric(RESERVED_RSS, reserved.residentBytes() - start.residentBytes());
            row.point(point(0, start, reserved));
            long page = memory.pageSize();
            long touched = 0;
            ProcessStats beforeTouching = reserved;
            ProcessStats now = reserved;
            for (int percent : TOUCH_PERCENTS) {
                long upTo = size / 100 * percent / page * page;
                if (vm.vmCommit(block + touched, upTo - touched) != 0) {
                    throw new IllegalStateException("cannot commit the reserved block");
                }
                memory.touchPages(block + touched, upTo - touched);
                touched = upTo;
                now = ProcessProbe.now();
                row.point(point(percent, start, now));
            }
            deltas(row, start, now);
            row.metric(TOUCHED_FAULTS, now.minorFaults() - beforeTouching.minorFaults());
            vm.vmRandomReads(block, touched, reads);
            ProcessStats afterReads = ProcessProbe.now();
            row.metric(RANDOM_READ_FAULTS, afterReads.minorFaults() - now.minorFaults());
            vm.vmRelease(block, size);
            ProcessStats released = ProcessProbe.now();
            row.metric(RELEASED_RSS, released.residentBytes() - start.residentBytes());
        }

        private static Map<String, Number> point(int percent, ProcessStats start, ProcessStats now) {
            Map<String, Number> point = new LinkedHashMap<>();
            point.put(TOUCHED_PERCENT, percent);
            point.put(VIRTUAL, now.virtualBytes() - start.virtualBytes());
            point.put(Metrics.RSS.name(), now.residentBytes() - start.residentBytes());
            point.put(MINOR_FAULTS.name(), now.minorFaults() - start.minorFaults());
            return point;
        }
    }
}
