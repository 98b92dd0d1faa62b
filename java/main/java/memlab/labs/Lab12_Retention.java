package memlab.labs;

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
import memlab.lab.UsageException;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.measure.NativeProbe;
import memlab.measure.ObjectSizes;
import memlab.measure.ProcessProbe;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;
import memlab.nativelib.ProcessStats;

/**
 * Lab 12 — retention (seed 003 §3: "after User.all finished and GC.start ran, RSS did not drop").
 *
 * <p>Two books are kept. The application's: bytes it still holds (tracked live bytes in C, the
 * JOL deep size of what Java code references). The system's: what the process keeps from the OS
 * (RSS; the C allocator's arenas; the JVM's committed heap). Freeing empties the first at once;
 * the second follows only when the allocator or the collector decides to give memory back.
 *
 * <p>Native, through FFM and JNR ({@code --size} bytes in blocks of {@code --count} bytes):
 * <ul>
 *   <li>{@code small_blocks}: written, all freed. glibc keeps freed chunks for reuse; the lab shows
 *       whether this thread's arena returned them, then {@code malloc_trim(0)}.</li>
 *   <li>{@code fragmented}: every 64th block kept. One live block pins its page: the seed's
 *       "swiss cheese". malloc_trim returns only the pages with nothing live on them.</li>
 *   <li>{@code large_blocks}: 4 MiB blocks, above the mmap threshold: each is its own mapping,
 *       unmapped at free().</li>
 *   <li>{@code batches_first}: the seed's reversed order: a flat batched job, then the big load.</li>
 * </ul>
 *
 * <p>Heap, each in a child JVM with its own collector settings (all with -Xms16m, so the heap may
 * shrink; the JVM's default -Xms is 1/64 of RAM, below which it never does): load {@code --size}
 * bytes, drop them, run a batched job (young collections only), {@code System.gc()}, then load again.
 * Whether committed heap and RSS come down, and what the next load costs when they did, depends on
 * the collector and its free ratios. {@code g1_batches_first} runs the seed's reverse order.
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

    /** Flags per heap variant; every one also gets -Xms16m and an -Xmx with room for the load. */
    static final Map<String, List<String>> HEAP_SETTINGS = settings();

    private static Map<String, List<String>> settings() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("heap_g1", List.of("-XX:+UseG1GC"));
        map.put("heap_g1_batches_first", List.of("-XX:+UseG1GC"));
        map.put("heap_g1_free_ratio_10_20", List.of("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20"));
        map.put("heap_g1_fixed_heap", List.of("-XX:+UseG1GC")); // -Xms = -Xmx, added in run()
        map.put("heap_parallel", List.of("-XX:+UseParallelGC"));
        map.put("heap_serial", List.of("-XX:+UseSerialGC"));
        return map;
    }

    @Override
    public String id() {
        return "retention";
    }

    @Override
    public int number() {
        return 12;
    }

    @Override
    public String title() {
        return "Retention: freed memory the process keeps, and what gives it back";
    }

    @Override
    public String seed() {
        return "003 §3 (the memory retention phenomenon)";
    }

    @Override
    public String seedFigure() {
        return "Ruby: after User.all and GC.start, RSS stayed at ~1.6 GB; reversed (batches first) RSS runs flat"
                + " at ~80 MB, then spikes to ~1.6 GB.";
    }

    @Override
    public String lesson() {
        return "Freeing memory and returning it to the OS are different events. Application bytes drop at free()"
                + " or at the collection that finds them unreachable; RSS drops only when the C allocator trims"
                + " (malloc_trim, or blocks big enough to be their own mapping) or the collector uncommits heap."
                + " One live block per page pins the page. Whether the JVM gives heap back depends on -Xms, the"
                + " collector and its free ratios; giving it back is paid for by page faults at the next load.";
    }

    @Override
    public String countName() {
        return "bytes per small block";
    }

    @Override
    public long maxCount() {
        return MAX_SMALL_BLOCK_BYTES;
    }

    @Override
    public String sizeName() {
        return "bytes loaded";
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("size_bytes", params.sizeBytes());
        map.put("small_block_bytes", params.count());
        map.put("large_block_bytes", LARGE_BLOCK_BYTES);
        map.put("fragmented_keep_every", KEEP_EVERY);
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(1L << 30, 1024);
    }

    @Override
    public Params quick() {
        return new Params(128L << 20, 1024);
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
                new LabResult.Line("rss", "Resident set size over the phases (system bytes)", "phase", "rss_bytes", "MiB"),
                new LabResult.Line("application", "Bytes the program holds over the phases", "phase",
                        "application_bytes", "MiB"));
    }

    static List<String> variants(Side side) {
        return switch (side) {
            case HEAP -> List.copyOf(HEAP_SETTINGS.keySet());
            case FFM, JNR -> List.of(side.id() + "_small_blocks", side.id() + "_fragmented",
                    side.id() + "_large_blocks", side.id() + "_batches_first");
        };
    }

    @Override
    public LabResult run(LabContext context) {
        long size = context.params().sizeBytes();
        long maxHeap = size * 2 + (256L << 20);
        List<Row> rows = context.runInChildren("lab 12 retention", Lab12_Retention::variants, variant -> {
            if (!variant.startsWith("heap_")) {
                return ChildJvm.QUIET_NATIVE_FLAGS;
            }
            List<String> flags = new ArrayList<>(HEAP_SETTINGS.get(variant));
            flags.add(variant.equals("heap_g1_fixed_heap") ? "-Xms" + maxHeap : "-Xms16m");
            flags.add("-Xmx" + maxHeap);
            return flags;
        }, Variant.class);
        return result(context, reading(rows), rows);
    }

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            if (!row.metrics().containsKey("rss_after_free_bytes")) {
                parts.add(row.variant() + " " + row.labels().getOrDefault("outcome", "failed"));
                continue;
            }
            String part = String.format("%s: loaded RSS +%s, after free +%s", row.variant(),
                    Sizes.format(row.longMetric("rss_loaded_bytes")), Sizes.format(row.longMetric("rss_after_free_bytes")));
            if (row.metrics().containsKey("rss_after_trim_bytes")) {
                part += ", after malloc_trim +" + Sizes.format(row.longMetric("rss_after_trim_bytes"));
            }
            if (row.metrics().containsKey("rss_after_gc_bytes")) {
                part += ", after System.gc() +" + Sizes.format(row.longMetric("rss_after_gc_bytes"));
            }
            parts.add(part);
        }
        return String.join("; ", parts) + ".";
    }

    /** One variant in a child JVM: args are side, variant, bytes to load, small block bytes. */
    public static final class Variant implements ChildTask {

        @Override
        public Row run(List<String> args) {
            VariantArgs variantArgs = VariantArgs.parse(args);
            Row row = new Row(variantArgs.side(), variantArgs.variant());
            String kind = variantArgs.variant().substring(variantArgs.side().id().length() + 1);
            Phases phases = variantArgs.side() == Side.HEAP
                    ? new HeapPhases(row, variantArgs.sizeBytes())
                    : new NativePhases(row, Natives.forSide(variantArgs.side()), variantArgs.sizeBytes(),
                    kind.equals("large_blocks") ? LARGE_BLOCK_BYTES : variantArgs.count());
            phases.warmUp();
            phases.record("start");
            switch (kind) {
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
                default -> throw new IllegalArgumentException("unknown variant " + variantArgs.variant());
            }
            return phases.summarize();
        }
    }

    /** The phases both sides go through; each records application and system bytes. */
    private abstract static class Phases {
        final Row row;
        final long loadBytes;
        private final ProcessStats start;
        private int phase;
        private long rssLoaded = Long.MIN_VALUE;
        private long rssAfterFree = Long.MIN_VALUE;
        private long rssAfterGiveBack = Long.MIN_VALUE;
        private final List<Long> loadNanos = new ArrayList<>();

        Phases(Row row, long loadBytes) {
            this.row = row;
            this.loadBytes = loadBytes;
            this.start = ProcessProbe.now();
        }

        abstract void warmUp();

        abstract long applicationBytes();

        /** System bytes this side adds: committed heap, or what the C allocator holds from the OS. */
        abstract Map<String, Long> systemBytes(ProcessStats now);

        abstract void doLoad();

        abstract void doFree();

        abstract void doBatches();

        /** System.gc() on the heap, malloc_trim(0) in C; returns what the phase is called. */
        abstract String doGiveBack();

        void load(String name) {
            long began = System.nanoTime();
            doLoad();
            long nanos = System.nanoTime() - began;
            loadNanos.add(nanos);
            long rss = record(name).get("rss_bytes").longValue();
            if (rssLoaded == Long.MIN_VALUE) {
                rssLoaded = rss;
            }
        }

        void free(String name) {
            free(name, this::doFree);
        }

        void free(String name, Runnable how) {
            how.run();
            long rss = record(name).get("rss_bytes").longValue();
            if (rssAfterFree == Long.MIN_VALUE) {
                rssAfterFree = rss;
            }
        }

        void batches(String name) {
            doBatches();
            record(name);
        }

        void giveBack() {
            String name = doGiveBack();
            long rss = record(name).get("rss_bytes").longValue();
            if (rssAfterGiveBack == Long.MIN_VALUE) {
                rssAfterGiveBack = rss;
            }
        }

        /** One point of the series: phase number, and every book's figure relative to the start. */
        Map<String, Number> record(String name) {
            ProcessStats now = ProcessProbe.now();
            Map<String, Number> point = new LinkedHashMap<>();
            point.put("phase", ++phase);
            point.put("application_bytes", applicationBytes());
            point.put("rss_bytes", now.residentBytes() - start.residentBytes());
            systemBytes(now).forEach(point::put);
            row.point(point);
            String phases = row.labels().get("phases");
            row.label("phases", (phases == null ? "" : phases + ", ") + phase + " " + name);
            return point;
        }

        Row summarize() {
            row.metric("rss_loaded_bytes", rssLoaded)
                    .metric("rss_after_free_bytes", rssAfterFree)
                    .metric(giveBackMetric(), rssAfterGiveBack)
                    .metric("first_load_ns", loadNanos.get(0));
            if (loadNanos.size() > 1) {
                row.metric("second_load_ns", loadNanos.get(1));
            }
            return row.label("outcome", "finished");
        }

        abstract String giveBackMetric();
    }

    /** Heap side: 64 KiB arrays held in a list, dropped, collected. */
    private static final class HeapPhases extends Phases {
        private List<byte[]> held = new ArrayList<>();
        private long uncommitWaitNanos;

        HeapPhases(Row row, long loadBytes) {
            super(row, loadBytes);
        }

        @Override
        void warmUp() {
            held = fill(4L << 20);
            held = new ArrayList<>();
            HeapProbe.settled();
        }

        @Override
        long applicationBytes() {
            return held.isEmpty() ? 0 : ObjectSizes.deepBytes(held);
        }

        @Override
        Map<String, Long> systemBytes(ProcessStats now) {
            var heap = HeapProbe.now();
            return Map.of("heap_committed_bytes", heap.committedBytes(), "heap_used_bytes", heap.usedBytes());
        }

        @Override
        void doLoad() {
            held = fill(loadBytes);
        }

        @Override
        void doFree() {
            held = new ArrayList<>(); // dropped: garbage, but no collection has looked yet
        }

        @Override
        void doBatches() {
            for (long done = 0; done < loadBytes; done += BATCH_BYTES) {
                List<byte[]> batch = fill(BATCH_BYTES); // garbage at the next young collection
                if (batch.isEmpty()) {
                    throw new IllegalStateException("empty batch");
                }
            }
        }

        @Override
        String doGiveBack() {
            System.gc();
            uncommitWaitNanos = waitForResidentToSettle();
            return "System.gc()";
        }

        /**
         * G1 shrinks the committed heap inside the full collection but hands the pages back to the OS
         * later, on a concurrent "uncommit" task (about 100 ms for 1 GiB here). RSS is read once it has
         * stopped falling: {@value #SETTLED_POLLS} polls {@value #POLL_MILLIS} ms apart that moved it by
         * less than 1 MiB, or after {@value #SETTLE_LIMIT_MILLIS} ms. Returns how long that took.
         */
        private static long waitForResidentToSettle() {
            long began = System.nanoTime();
            long deadline = began + SETTLE_LIMIT_MILLIS * 1_000_000L;
            long previous = ProcessProbe.residentBytes();
            int quiet = 0;
            while (quiet < SETTLED_POLLS && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                long now = ProcessProbe.residentBytes();
                quiet = previous - now < (1 << 20) ? quiet + 1 : 0;
                previous = now;
            }
            return System.nanoTime() - began;
        }

        private static final int SETTLED_POLLS = 8;
        private static final int POLL_MILLIS = 25;
        private static final int SETTLE_LIMIT_MILLIS = 5_000;

        @Override
        String giveBackMetric() {
            return "rss_after_gc_bytes";
        }

        @Override
        Row summarize() {
            return super.summarize().metric("uncommit_wait_ns", uncommitWaitNanos);
        }

        private static List<byte[]> fill(long bytes) {
            List<byte[]> slices = new ArrayList<>();
            for (long done = 0; done < bytes; done += HEAP_SLICE_BYTES) {
                byte[] slice = new byte[HEAP_SLICE_BYTES];
                java.util.Arrays.fill(slice, (byte) 0x5A); // written, as real data is
                slices.add(slice);
            }
            return slices;
        }
    }

    /** Native side: many tracked blocks from the C library, freed, trimmed. */
    private static final class NativePhases extends Phases {
        private final NativeMemory lib;
        private final long trackedStart;
        private final long blockBytes;
        private long blocks;

        NativePhases(Row row, NativeMemory lib, long loadBytes, long blockBytes) {
            super(row, loadBytes);
            this.lib = lib;
            this.blockBytes = blockBytes;
            this.trackedStart = NativeProbe.trackedLiveBytes();
        }

        @Override
        void warmUp() {
            // small blocks whatever the variant: freeing a block above the mmap threshold would
            // raise glibc's threshold, and the large blocks would no longer get mappings of their own
            lib.blocksRelease(requireBlocks(lib.blocksAlloc(16, 64)));
            lib.allocatorTrim();
        }

        @Override
        long applicationBytes() {
            return NativeProbe.trackedLiveBytes() - trackedStart;
        }

        @Override
        Map<String, Long> systemBytes(ProcessStats now) {
            return Map.of("allocator_held_bytes", lib.allocatorHeldBytes(),
                    "allocator_in_use_bytes", now.allocatorInUseBytes());
        }

        @Override
        void doLoad() {
            blocks = requireBlocks(lib.blocksAlloc(loadBytes / blockBytes, blockBytes));
        }

        @Override
        void doFree() {
            lib.blocksRelease(blocks);
            blocks = 0;
        }

        void freeAllBut(int keepEvery) {
            row.metric("blocks_kept", lib.blocksFree(blocks, keepEvery)); // each pins its page
        }

        @Override
        void doBatches() {
            for (long done = 0; done < loadBytes; done += BATCH_BYTES) {
                lib.blocksRelease(requireBlocks(lib.blocksAlloc(BATCH_BYTES / blockBytes, blockBytes)));
            }
        }

        @Override
        String doGiveBack() {
            int trimmed = lib.allocatorTrim();
            row.label("malloc_trim", trimmed == ProcessStats.UNSUPPORTED
                    ? "unsupported on " + System.getProperty("os.name") + " (no malloc_trim in its C library)"
                    : trimmed == 1 ? "returned memory" : "had nothing to return");
            return "malloc_trim(0)";
        }

        @Override
        String giveBackMetric() {
            return "rss_after_trim_bytes";
        }

        private long requireBlocks(long address) {
            if (address == 0) {
                throw new OutOfMemoryError("malloc of " + Sizes.format(loadBytes) + " in blocks of " + blockBytes
                        + " bytes returned NULL");
            }
            return address;
        }
    }
}
