package memlab.labs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

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
import memlab.measure.NmtProbe;
import memlab.measure.ObjectSizes;
import memlab.nativelib.FfmNative;
import memlab.nativelib.JnrNative;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Lab 08 — arena (product card): who frees off-heap memory, and when.
 *
 * <p>Each variant allocates the same bytes, writes them, lets go of them the way its API says,
 * and measures the memory three times: held, right after the release call (or after the last
 * reference is dropped), and after garbage collection. The answer is read off those figures:
 *
 * <ul>
 *   <li>{@code Arena.ofConfined()} / {@code ofShared()}: freed by {@code close()}, at once.</li>
 *   <li>{@code Arena.ofAuto()}, {@code ByteBuffer.allocateDirect}, JNR {@code Memory.allocateDirect}:
 *       freed by the GC's Cleaner, some time after the last reference goes.</li>
 *   <li>{@code Arena.global()}: never, until the process exits.</li>
 *   <li>{@code memlab_malloc} through FFM or JNR: by {@code free()}, or never.</li>
 *   <li>{@code byte[]}: by the GC, on the heap.</li>
 * </ul>
 *
 * <p>Every variant runs in a child JVM with {@code -XX:NativeMemoryTracking=summary}: NMT counts
 * arena and direct-buffer memory under "Other", but malloc called from C is invisible to it; the
 * process allocator (mallinfo2 on glibc) sees both. The arena's safety is shown, not crashed:
 * access after close, out of bounds and from a foreign thread are refused with exceptions.
 */
public final class Lab08_Arena implements Lab {

    /** A release counts as done when less than this share of the bytes is still measured. */
    static final double RELEASED_SHARE = 0.25;
    /** Collections to wait for a Cleaner before concluding nobody frees the memory. */
    static final int MAX_GC_ROUNDS = 50;

    /** NMT on, and no JIT: the process allocator then moves only with the lab's own allocations. */
    static final List<String> CHILD_FLAGS = List.of("-XX:NativeMemoryTracking=summary", ChildJvm.NO_JIT_FLAG);

    @Override
    public String id() {
        return "arena";
    }

    @Override
    public int number() {
        return 8;
    }

    @Override
    public String title() {
        return "Arenas: who frees off-heap memory, and when";
    }

    @Override
    public String seed() {
        return "product card (FFM arenas beside malloc/free and the GC)";
    }

    @Override
    public String seedFigure() {
        return "No seed figure: the seeds' languages free native memory only through their runtime."
                + " Expected: close() frees at once, Cleaner-based memory waits for a GC, global never.";
    }

    @Override
    public String lesson() {
        return "An Arena ties off-heap memory to a lifetime. A confined or shared arena frees everything at"
                + " close(); an auto arena and a direct ByteBuffer wait for the GC to find them unreachable;"
                + " the global arena never frees. Closed memory cannot be touched again: FFM refuses access"
                + " after close, out of bounds and from a foreign thread, where C would read freed memory."
                + " NMT sees the JVM's off-heap memory (\"Other\") but not what C mallocs by itself.";
    }

    @Override
    public String countName() {
        return "blocks";
    }

    @Override
    public long maxCount() {
        return 1_000;
    }

    @Override
    public String sizeName() {
        return "bytes per block";
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("size_bytes", params.sizeBytes());
        map.put("blocks", params.count());
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(32L << 20, 1);
    }

    @Override
    public Params quick() {
        return new Params(8L << 20, 1);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long all = Budget.times(params.sizeBytes(), params.count());
        return Budget.Plan.of(all, all);
    }

    static List<String> allocationVariants(Side side) {
        return switch (side) {
            case HEAP -> List.of("heap_byte_array", "heap_direct_byte_buffer");
            case FFM -> List.of("ffm_confined_arena", "ffm_shared_arena", "ffm_auto_arena", "ffm_global_arena",
                    "ffm_malloc_free");
            case JNR -> List.of("jnr_malloc_free", "jnr_memory_allocate_direct");
        };
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = new ArrayList<>(context.runInChildren("lab 08 arena", Lab08_Arena::allocationVariants,
                variant -> CHILD_FLAGS, Variant.class));
        if (context.runs(Side.FFM)) {
            rows.add(refusal(Side.FFM, "ffm_use_after_close", IllegalStateException.class, () -> {
                MemorySegment segment;
                try (Arena arena = Arena.ofConfined()) {
                    segment = arena.allocate(16);
                }
                segment.get(JAVA_BYTE, 0);
            }));
            rows.add(refusal(Side.FFM, "ffm_out_of_bounds", IndexOutOfBoundsException.class, () -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment segment = arena.allocate(16);
                    segment.get(JAVA_BYTE, 16);
                }
            }));
            rows.add(refusal(Side.FFM, "ffm_wrong_thread", WrongThreadException.class, () -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment segment = arena.allocate(16);
                    try {
                        CompletableFuture.runAsync(() -> segment.get(JAVA_BYTE, 0)).get();
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                }
            }));
        }
        if (context.runs(Side.HEAP)) {
            rows.add(refusal(Side.HEAP, "heap_out_of_bounds", IndexOutOfBoundsException.class, () -> {
                byte[] array = new byte[16];
                array[array.length] = 1;
            }));
        }
        return result(context, reading(rows), rows);
    }

    private interface Misuse {
        void run() throws Throwable;
    }

    /** Runs a misuse and records whether it was refused with the expected exception. */
    private static Row refusal(Side side, String variant, Class<? extends Throwable> expected, Misuse misuse) {
        Row row = new Row(side, variant);
        try {
            misuse.run();
            return row.metric("refused_count", 0).label("outcome", "NOT refused: the access went through");
        } catch (Throwable thrown) {
            boolean asExpected = expected.isInstance(thrown);
            return row.metric("refused_count", asExpected ? 1 : 0)
                    .label("outcome", "refused with " + thrown.getClass().getSimpleName()
                            + (asExpected ? "" : " (expected " + expected.getSimpleName() + ")"))
                    .label("message", firstLine(thrown.getMessage()));
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            String freedBy = row.labels().get("released_by");
            if (freedBy != null) {
                parts.add(row.variant() + ": " + freedBy);
            }
        }
        long refused = rows.stream().filter(r -> r.metrics().containsKey("refused_count"))
                .mapToLong(r -> r.longMetric("refused_count")).sum();
        long misuses = rows.stream().filter(r -> r.metrics().containsKey("refused_count")).count();
        String reading = String.join("; ", parts) + ".";
        return misuses == 0 ? reading : reading + " Misuses refused: " + refused + " of " + misuses + ".";
    }

    /** One allocation variant in a child JVM with NMT on: args are side, variant, size, count. */
    public static final class Variant implements ChildTask {

        private static final byte FILL = 0x5A;
        private static final long WARM_UP_BYTES = 4096;

        @Override
        public Row run(List<String> args) throws Exception {
            VariantArgs variantArgs = VariantArgs.parse(args);
            Side side = variantArgs.side();
            String variant = variantArgs.variant();
            long size = variantArgs.sizeBytes();
            int count = variantArgs.countAsInt();
            long bytes = size * count;

            // One unmeasured 4 KiB allocation loads the classes, compiles the paths and makes the
            // probes' own first mallocs (NMT, MBeans), so the measured pass sees the allocation, not
            // start-up. It is never released: a Cleaner freeing it during the measurement would skew
            // the figures. Held throughout, it cancels out of every difference.
            Subject warmUp = subject(variant, WARM_UP_BYTES, 1);
            warmUp.allocate.run();
            nmtOther();
            NativeProbe.allocatorInUseBytes();

            Subject subject = subject(variant, size, count);

            Row row = new Row(side, variant).label("witness", subject.witness);
            HeapProbe.settled();
            long nmtStart = nmtOther();
            long witnessStart = subject.measure.getAsLong();
            long allocatorStart = NativeProbe.allocatorInUseBytes();

            subject.allocate.run();
            long held = subject.measure.getAsLong() - witnessStart;
            // the allocator before NMT: generating NMT's report mallocs for itself
            long allocatorHeld = NativeProbe.allocatorInUseBytes() - allocatorStart;
            row.metric("held_bytes", held)
                    .metric("nmt_other_held_bytes", nmtOther() - nmtStart)
                    .metric("allocator_held_bytes", allocatorHeld);
            if (!subject.heapObjects.isEmpty()) {
                // a second witness: JOL's exact object sizes. Heap used counts whole G1 regions for a
                // humongous array (one of at least half a region), so it can read more.
                long jolBytes = subject.heapObjects.stream().mapToLong(ObjectSizes::shallowBytes).sum();
                row.metric("jol_size_bytes", jolBytes);
                String note = HeapProbe.humongousNote(held, jolBytes);
                if (note != null) {
                    row.label("why_heap_used_differs", note);
                }
            }
            if (subject.checksum != null) {
                boolean matches = subject.checksum.getAsLong() == bytes * FILL;
                row.label("c_checksum", matches ? "C read every byte back: the sum matches" : "MISMATCH");
            }

            subject.release.run();
            long afterRelease = subject.measure.getAsLong() - witnessStart;
            row.metric("after_release_bytes", afterRelease);

            int gcRounds = 0;
            long afterGc = afterRelease;
            while (gcRounds < MAX_GC_ROUNDS && afterGc > held * RELEASED_SHARE) {
                System.gc();
                gcRounds++;
                Thread.sleep(10); // give the Cleaner thread its turn after the collection
                afterGc = subject.measure.getAsLong() - witnessStart;
            }
            row.metric("after_gc_bytes", afterGc).metric("gc_rounds_count", gcRounds);
            row.label("released_by", releasedBy(subject.releaseCall, subject.collector, held, afterRelease,
                    afterGc, gcRounds));
            Reference.reachabilityFence(warmUp);
            return row;
        }

        /** Reads who freed the memory off the three measurements, never off the variant's name. */
        static String releasedBy(String releaseCall, String collector, long held, long afterRelease, long afterGc,
                                 int gcRounds) {
            if (held <= 0) {
                return "not seen by the witness";
            }
            if (afterRelease <= held * RELEASED_SHARE) {
                return releaseCall + ", at once";
            }
            if (afterGc <= held * RELEASED_SHARE) {
                return collector + ", after " + gcRounds + " collection" + (gcRounds == 1 ? "" : "s");
            }
            return "nobody: still held after " + gcRounds + " collections (freed at process exit)";
        }

        private static long nmtOther() {
            return NmtProbe.committedBytes("Other").orElse(0);
        }

        /**
         * What a variant allocates, how it lets go, which probe sees it, and who could free it once it
         * is unreachable; {@code jolBytes} is filled in for heap arrays.
         */
        private static final class Subject {
            final String witness;
            final String releaseCall;
            final String collector;
            final LongSupplier measure;
            final Runnable allocate;
            final Runnable release;
            final LongSupplier checksum;
            List<Object> heapObjects = List.of();

            Subject(String witness, String releaseCall, LongSupplier measure, Runnable allocate, Runnable release,
                    LongSupplier checksum) {
                this(witness, releaseCall, "the GC (Cleaner)", measure, allocate, release, checksum);
            }

            Subject(String witness, String releaseCall, String collector, LongSupplier measure, Runnable allocate,
                    Runnable release, LongSupplier checksum) {
                this.witness = witness;
                this.releaseCall = releaseCall;
                this.collector = collector;
                this.measure = measure;
                this.allocate = allocate;
                this.release = release;
                this.checksum = checksum;
            }

            /** Heap objects JOL should size, while they are held. */
            Subject holding(List<Object> objects) {
                this.heapObjects = objects;
                return this;
            }
        }

        private static Subject subject(String variant, long size, int count) {
            LongSupplier allocator = NativeProbe::allocatorInUseBytes;
            LongSupplier tracked = NativeProbe::trackedLiveBytes;
            LongSupplier direct = NativeProbe::directBufferBytes;
            LongSupplier heap = () -> HeapProbe.now().usedBytes();
            List<Object> held = new ArrayList<>();
            long[] addresses = new long[count];
            return switch (variant) {
                case "ffm_confined_arena", "ffm_shared_arena" -> {
                    Arena arena = variant.contains("confined") ? Arena.ofConfined() : Arena.ofShared();
                    yield new Subject("process allocator", "close()", allocator,
                            () -> allocateSegments(arena, size, count, held), arena::close,
                            () -> checksum(held, size));
                }
                case "ffm_auto_arena" -> new Subject("process allocator", "dropping the last reference", allocator,
                        () -> allocateSegments(Arena.ofAuto(), size, count, held), held::clear,
                        () -> checksum(held, size));
                case "ffm_global_arena" -> new Subject("process allocator", "nothing (global has no close)",
                        allocator, () -> allocateSegments(Arena.global(), size, count, held), held::clear,
                        () -> checksum(held, size));
                case "ffm_malloc_free", "jnr_malloc_free" -> {
                    var lib = variant.startsWith("ffm") ? FfmNative.get() : JnrNative.get();
                    yield new Subject("tracked allocator", "free()", tracked, () -> {
                        for (int i = 0; i < count; i++) {
                            addresses[i] = lib.malloc(size);
                            MemorySegment.ofAddress(addresses[i]).reinterpret(size).fill(FILL);
                        }
                    }, () -> Arrays.stream(addresses).forEach(lib::free), () -> {
                        long sum = 0;
                        for (long address : addresses) {
                            sum += lib.arenaChecksum(address, size);
                        }
                        return sum;
                    });
                }
                case "jnr_memory_allocate_direct" -> new Subject("process allocator", "dropping the last reference",
                        allocator, () -> {
                            for (int i = 0; i < count; i++) {
                                var memory = jnr.ffi.Memory.allocateDirect(JnrNative.get().runtime(),
                                        Math.toIntExact(size));
                                MemorySegment.ofAddress(memory.address()).reinterpret(size).fill(FILL);
                                held.add(memory);
                            }
                        }, held::clear, null);
                case "heap_direct_byte_buffer" -> new Subject("direct buffer pool", "dropping the last reference",
                        direct, () -> {
                            for (int i = 0; i < count; i++) {
                                ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(size));
                                MemorySegment.ofBuffer(buffer).fill(FILL);
                                held.add(buffer);
                            }
                        }, held::clear, null);
                case "heap_byte_array" -> new Subject("heap used", "dropping the last reference", "the GC", heap,
                        () -> {
                            for (int i = 0; i < count; i++) {
                                byte[] array = new byte[Math.toIntExact(size)];
                                Arrays.fill(array, FILL);
                                held.add(array);
                            }
                        }, held::clear, null).holding(held);
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            };
        }

        private static void allocateSegments(Arena arena, long size, int count, List<Object> held) {
            for (int i = 0; i < count; i++) {
                MemorySegment segment = arena.allocate(size);
                segment.fill(FILL);
                held.add(segment);
            }
        }

        private static long checksum(List<Object> segments, long size) {
            long sum = 0;
            for (Object segment : segments) {
                sum += FfmNative.get().arenaChecksum((MemorySegment) segment, size);
            }
            return sum;
        }
    }
}
