package memlab.labs.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import memlab.util.Sizes;
import memlab.util.UsageException;

/**
 * Lab 12 — retention (seed 003 §3: "after User.all finished and GC.start ran, RSS did not drop").
 *
 * <p>Two books are kept. The application's: bytes it still holds (tracked live bytes in C, the
 * JOL deep size of what Java code references). The system's: what the process keeps from the OS
 * (RSS; the C allocator's arenas; the JVM's committed heap). Freeing empties the first at once;
 * the second follows only when the allocator or the collector decides to give memory back. Each
 * phase of a variant is a point of its series with both books ({@link Phases}).
 *
 * <p>Native, through FFM and JNR ({@code --size} bytes in blocks of {@code --count} bytes,
 * {@link NativePhases}):
 * <ul>
 *   <li>{@code small_blocks}: written, all freed. glibc keeps freed chunks for reuse; the lab shows
 *       whether this thread's arena returned them, then {@code malloc_trim(0)}.</li>
 *   <li>{@code fragmented}: every 64th block kept, the seed's "swiss cheese". malloc_trim returns
 *       only the pages with nothing live on them.</li>
 *   <li>{@code large_blocks}: 4 MiB blocks, above the mmap threshold: each is its own mapping,
 *       unmapped at free().</li>
 *   <li>{@code batches_first}: the seed's reversed order: a flat batched job, then the big load.</li>
 * </ul>
 *
 * <p>Heap, each in a child JVM with its own collector settings (all with -Xms16m, so the heap may
 * shrink; the JVM's default -Xms is 1/64 of RAM, below which it never does): load {@code --size}
 * bytes, drop them, run a batched job (young collections only), {@code System.gc()}, then load again
 * ({@link HeapPhases}). Whether committed heap and RSS come down, and what the next load costs when
 * they did, is what the collector and its free ratios decide. {@code g1_batches_first} runs the
 * seed's reverse order.
 */
public final class Lab12_Retention implements Lab {

    /** Heap data as 64 KiB arrays: no humongous regions, so heap used tracks the data. */
    static final int HEAP_SLICE_BYTES = 64 * 1024;

    /** The batched job: this many bytes at a time, allocated, written and dropped. */
    static final long BATCH_BYTES = 1L << 20;

    static final long LARGE_BLOCK_BYTES = 4L << 20;

    /** One block in this many stays live in the fragmented variant. */
    static final int KEEP_EVERY = 64;

    /** glibc's smallest mmap threshold is 128 KiB; blocks must stay below it to be "small". */
    static final long MAX_SMALL_BLOCK_BYTES = 64 * 1024;

    static final LabInfo INFO = LabInfo.lab(12, "retention")
            .title("Retention: freed memory the process keeps, and what gives it back")
            .seed("003 §3 (the memory retention phenomenon)", "Ruby: after User.all and GC.start, RSS stayed at"
                    + " ~1.6 GB; reversed (batches first) RSS runs flat at ~80 MB, then spikes to ~1.6 GB.")
            .question("When a program frees memory, when does the process give it back to the operating system?")
            .lesson("""
                    Freeing memory and returning it to the OS are different events. Application bytes drop at free()
                    or at the collection that finds them unreachable; RSS drops only when the C allocator trims
                    (malloc_trim, or blocks big enough to be their own mapping) or the collector uncommits heap.
                    One live block per page pins the page. Whether the JVM gives heap back depends on -Xms, the
                    collector and its free ratios; giving it back is paid for by page faults at the next load.""")
            .count("small_block_bytes", "bytes per small block", MAX_SMALL_BLOCK_BYTES)
            .size("size_bytes", "bytes loaded")
            .fixed("large_block_bytes", LARGE_BLOCK_BYTES)
            .fixed("fragmented_keep_every", KEEP_EVERY)
            // not 1 GiB: the young generation a collector grows on top took a heap child to 2.2 GiB resident
            // (768 MiB: 1.4 to 1.5 GiB); at 512 MiB every child stays well under 1.5 GiB
            .defaults(512L << 20, 1024)
            .quick(128L << 20, 1024)
            .build();

    /** Collector flags per heap variant kind; every one also gets -Xms16m and an -Xmx with room for the load. */
    static final Map<String, List<String>> HEAP_SETTINGS = settings();

    private static Map<String, List<String>> settings() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("g1", List.of("-XX:+UseG1GC"));
        map.put("g1_batches_first", List.of("-XX:+UseG1GC"));
        map.put("g1_free_ratio_10_20", List.of("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20"));
        map.put("g1_fixed_heap", List.of("-XX:+UseG1GC")); // -Xms = -Xmx, added in run()
        map.put("parallel", List.of("-XX:+UseParallelGC"));
        map.put("serial", List.of("-XX:+UseSerialGC"));
        return map;
    }

    static final Metric RSS_LOADED = Metric.bytes("rss_loaded_bytes");
    static final Metric RSS_AFTER_FREE = Metric.bytes("rss_after_free_bytes");
    static final Metric RSS_AFTER_TRIM = Metric.bytes("rss_after_trim_bytes");
    static final Metric RSS_AFTER_GC = Metric.bytes("rss_after_gc_bytes");
    static final Metric FIRST_LOAD = Metric.nanos("first_load_ns");
    static final Metric SECOND_LOAD = Metric.nanos("second_load_ns");
    static final Metric UNCOMMIT_WAIT = Metric.nanos("uncommit_wait_ns");
    static final Metric BLOCKS_KEPT = Metric.number("blocks_kept");

    /** Keys of a series point besides rss_bytes, heap_used_bytes and the allocator's bytes. */
    static final String PHASE = "phase";
    static final String APPLICATION = "application_bytes";
    static final String HEAP_COMMITTED = "heap_committed_bytes";

    @Override
    public LabInfo info() {
        return INFO;
    }

    /** When freed memory leaves RSS is the allocator's tunables' and the kernel's (huge pages, swap) to decide. */
    @Override
    public Set<MemoryPolicy.Aspect> policies() {
        return EnumSet.of(MemoryPolicy.Aspect.HUGE_PAGES, MemoryPolicy.Aspect.SWAP,
                MemoryPolicy.Aspect.CGROUP, MemoryPolicy.Aspect.MALLOC);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        if (params.count() < 16) {
            throw new UsageException("lab retention needs blocks (--count) of at least 16 bytes, got " + params.count());
        }
        if (params.sizeBytes() < LARGE_BLOCK_BYTES * 4) {
            throw new UsageException("lab retention needs --size of at least " + Sizes.format(LARGE_BLOCK_BYTES * 4)
                    + " (four large blocks), got " + Sizes.format(params.sizeBytes()));
        }
        // a heap child may hold the load twice over (old copy not yet collected); natives hold it once
        return Budget.Plan.of(Budget.times(params.sizeBytes(), 2), 0);
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Line("rss", "RSS over the phases: freed memory is not always given back to the OS",
                        PHASE, Metrics.RSS.name(), "bytes").fromStart(),
                new LabResult.Line("application", "Bytes the program holds over the phases: every variant frees it all",
                        PHASE, APPLICATION, "bytes"));
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, HEAP_SETTINGS.keySet().toArray(String[]::new));
            case FFM, JNR -> Variant.of(side, "small_blocks", "fragmented", "large_blocks", "batches_first");
        };
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(RSS_LOADED, "RSS loaded"),
                Column.of(RSS_AFTER_FREE, "after free"),
                Column.of(RSS_AFTER_GC, "after GC"),
                Column.of(RSS_AFTER_TRIM, "after trim"),
                Column.of(UNCOMMIT_WAIT, "waited"));
    }

    @Override
    public LabResult run(LabContext context) {
        long size = context.params().sizeBytes();
        long maxHeap = size * 2 + (256L << 20);
        List<Row> rows = context.runInChildren("lab 12 retention", Lab12_Retention::variants, variant -> {
            if (variant.side() != Side.HEAP) {
                return JvmFlags.QUIET_NATIVE;
            }
            List<String> flags = new ArrayList<>(HEAP_SETTINGS.get(variant.kind()));
            flags.add(variant.kind().equals("g1_fixed_heap") ? "-Xms" + maxHeap : "-Xms16m");
            flags.add("-Xmx" + maxHeap);
            return flags;
        }, Task.class);
        return result(context, reading(rows), rows);
    }

    /**
     * Freed is not given back: "freed small blocks stay resident (132.1 MiB) until malloc_trim (160.0 KiB),
     * ... through FFM and JNR alike; System.gc() took G1's RSS down to 15.9 MiB; Parallel kept 229.0 MiB, ...".
     */
    private static String reading(List<Row> rows) {
        List<String> clauses = new ArrayList<>();
        inC(rows).ifPresent(clauses::add);
        // the heap: whether the collector gave the freed heap back to the OS, read off RSS
        List<Row> heap = rows.stream().filter(row -> row.side() == Side.HEAP && row.outcome().finished()).toList();
        List<Row> gaveBack = heap.stream()
                .filter(row -> row.longMetric(RSS_AFTER_GC) < row.longMetric(RSS_AFTER_FREE) / 2).toList();
        gaveBack.stream().max(Comparator.comparingLong(row -> row.longMetric(RSS_AFTER_GC))).ifPresent(row ->
                clauses.add("System.gc() took " + (gaveBack.stream().allMatch(r -> r.variant().kind().startsWith("g1"))
                        ? "G1" : collector(row)) + "'s RSS down to " + rss(row, RSS_AFTER_GC)));
        List<String> kept = new ArrayList<>();
        for (Row row : heap) {
            if (!gaveBack.contains(row)) {
                kept.add(collector(row) + (kept.isEmpty() ? " kept " : " ") + rss(row, RSS_AFTER_GC));
            }
        }
        if (!kept.isEmpty()) {
            clauses.add((gaveBack.isEmpty() ? "after System.gc() " : "") + String.join(", ", kept));
        }
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }

    /** What the reading calls a heap variant: its collector and settings. */
    private static String collector(Row row) {
        return switch (row.variant().kind()) {
            case "g1" -> "G1";
            case "g1_batches_first" -> "G1 (batches first)";
            case "g1_free_ratio_10_20" -> "G1 (free ratios 10-20)";
            case "g1_fixed_heap" -> "a fixed heap";
            case "parallel" -> "Parallel";
            case "serial" -> "Serial";
            default -> row.name();
        };
    }

    /**
     * The native story, a figure said once when FFM's and JNR's agree within 5% of what was loaded (the
     * same allocator), both when they do not: "freed small blocks stay resident (132.1 MiB) until
     * malloc_trim (160.0 KiB), one live block in 64 pins 13.1 MiB, large blocks leave at free() (124.0 KiB)
     * through FFM and JNR alike".
     */
    private static Optional<String> inC(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        boolean alike = true;
        for (String kind : List.of("small_blocks", "fragmented", "large_blocks")) {
            Optional<Row> ffm = Readings.finished(rows, Side.FFM, kind);
            Optional<Row> jnr = Readings.finished(rows, Side.JNR, kind);
            Optional<Row> either = ffm.or(() -> jnr);
            if (either.isEmpty()) {
                continue;
            }
            // as measured: did RSS come down at free(), or only at the trim?
            boolean keptAtFree = either.get().longMetric(RSS_AFTER_FREE) > either.get().longMetric(RSS_LOADED) / 2;
            // no "after trim" figure where the C library has no malloc_trim (outside glibc)
            boolean trimmed = either.get().has(RSS_AFTER_TRIM);
            List<Metric> said = kind.equals("fragmented") ? List.of(trimmed ? RSS_AFTER_TRIM : RSS_AFTER_FREE)
                    : keptAtFree && trimmed ? List.of(RSS_AFTER_FREE, RSS_AFTER_TRIM) : List.of(RSS_AFTER_FREE);
            List<String> figures = said.stream().map(metric -> figure(ffm, jnr, metric)).toList();
            alike &= said.stream().allMatch(metric -> agree(ffm, jnr, metric));
            String blocks = kind.equals("small_blocks") ? "small blocks" : "large blocks";
            parts.add(kind.equals("fragmented")
                    ? String.format("one live block in %d pins %s", KEEP_EVERY, figures.get(0))
                    : keptAtFree && trimmed ? String.format("freed %s stay resident (%s) until malloc_trim (%s)", blocks,
                            figures.get(0), figures.get(1))
                    : keptAtFree ? String.format("freed %s stay resident (%s), and this C library has no malloc_trim",
                            blocks, figures.get(0))
                    : String.format("%s leave at free() (%s)", blocks, figures.get(0)));
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        boolean viaFfm = rows.stream().anyMatch(row -> row.side() == Side.FFM && row.outcome().finished());
        boolean viaJnr = rows.stream().anyMatch(row -> row.side() == Side.JNR && row.outcome().finished());
        return Optional.of(String.join(", ", parts) + (viaFfm && viaJnr ? alike ? " through FFM and JNR alike" : ""
                : viaFfm ? " through FFM" : " through JNR"));
    }

    /** FFM's and JNR's figures agree within 5% of what was loaded: the same allocator, run twice. */
    private static boolean agree(Optional<Row> ffm, Optional<Row> jnr, Metric metric) {
        return ffm.isEmpty() || jnr.isEmpty() || Math.abs(ffm.get().longMetric(metric) - jnr.get().longMetric(metric))
                <= ffm.get().longMetric(RSS_LOADED) / 20;
    }

    /** One figure when they agree (FFM's), both when they do not. */
    private static String figure(Optional<Row> ffm, Optional<Row> jnr, Metric metric) {
        return agree(ffm, jnr, metric) ? rss(ffm.or(() -> jnr).orElseThrow(), metric)
                : rss(ffm.orElseThrow(), metric) + " through FFM, " + rss(jnr.orElseThrow(), metric) + " through JNR";
    }

    private static String rss(Row row, Metric metric) {
        return Sizes.format(row.longMetric(metric));
    }

    /** One variant in a child JVM of its own: its phases, in its order. */
    public static final class Task implements ChildTask {

        @Override
        public Row run(VariantArgs args) {
            Row row = new Row(args.variant());
            Phases phases = args.side() == Side.HEAP
                    ? new HeapPhases(row, args.sizeBytes())
                    : new NativePhases(row, args.side().memory(), RetentionNative.of(args.side().binding()), args.sizeBytes(),
                    args.kind().equals("large_blocks") ? LARGE_BLOCK_BYTES : args.count());
            phases.warmUp();
            phases.record("start");
            switch (args.kind()) {
                case "small_blocks", "g1", "g1_free_ratio_10_20", "g1_fixed_heap", "parallel", "serial" -> {
                    phases.load("loaded");
                    phases.free("freed");
                    phases.batches("batched job");
                    phases.giveBack();
                    phases.load("loaded again");
                    phases.free("freed again");
                }
                case "fragmented" -> {
                    phases.load("loaded");
                    NativePhases natives = (NativePhases) phases;
                    phases.free("freed 63 of 64", () -> natives.freeAllBut(KEEP_EVERY));
                    phases.giveBack();
                    phases.free("freed the rest");
                }
                case "large_blocks" -> {
                    phases.load("loaded");
                    phases.free("freed");
                    phases.giveBack();
                }
                case "batches_first", "g1_batches_first" -> {
                    phases.batches("batched job");
                    phases.load("loaded");
                    phases.free("freed");
                    phases.giveBack();
                }
                default -> throw new IllegalArgumentException("unknown variant " + args.variant());
            }
            return phases.summarize();
        }
    }
}
