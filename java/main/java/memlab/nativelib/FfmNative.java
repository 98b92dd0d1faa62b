package memlab.nativelib;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static memlab.nativelib.CTypes.SIZE_T;

/**
 * The memlab C library through the Foreign Function & Memory API: one downcall handle per
 * function, bound once. Structs are read through {@link CTypes}.
 */
public final class FfmNative implements NativeMemory {

    private static FfmNative instance;

    private final MethodHandle version;
    private final MethodHandle malloc;
    private final MethodHandle calloc;
    private final MethodHandle realloc;
    private final MethodHandle free;
    private final MethodHandle allocStatsGet;
    private final MethodHandle allocResetPeak;
    private final MethodHandle processStatsGet;
    private final MethodHandle pageSize;
    private final MethodHandle touchPages;
    private final MethodHandle leakChunk;
    private final MethodHandle arenaChecksum;
    private final MethodHandle crashNullWrite;
    private final MethodHandle rangeMaterialize;
    private final MethodHandle rangeSumBuffer;
    private final MethodHandle rangeNew;
    private final MethodHandle rangeNext;
    private final MethodHandle rcRing;
    private final MethodHandle rcRelease;
    private final MethodHandle rcUnlink;
    private final MethodHandle rcCount;
    private final MethodHandle layoutCapture;
    private final MethodHandle layoutRelease;
    private final MethodHandle stackLoop;
    private final MethodHandle heapLoop;
    private final MethodHandle vmReserve;
    private final MethodHandle vmCommit;
    private final MethodHandle vmRelease;
    private final MethodHandle vmRandomReads;
    private final MethodHandle recurse;
    private final MethodHandle recurseBounded;
    private final MethodHandle iterate;
    private final MethodHandle blocksAlloc;
    private final MethodHandle blocksFree;
    private final MethodHandle blocksRelease;
    private final MethodHandle allocatorTrim;
    private final MethodHandle allocatorHeldBytes;

    private FfmNative(SymbolLookup library) {
        version = bind(library, "memlab_version", FunctionDescriptor.of(ADDRESS));
        malloc = bind(library, "memlab_malloc", FunctionDescriptor.of(ADDRESS, SIZE_T));
        calloc = bind(library, "memlab_calloc", FunctionDescriptor.of(ADDRESS, SIZE_T, SIZE_T));
        realloc = bind(library, "memlab_realloc", FunctionDescriptor.of(ADDRESS, ADDRESS, SIZE_T));
        free = bind(library, "memlab_free", FunctionDescriptor.ofVoid(ADDRESS));
        allocStatsGet = bind(library, "memlab_alloc_stats_get", FunctionDescriptor.ofVoid(ADDRESS));
        allocResetPeak = bind(library, "memlab_alloc_reset_peak", FunctionDescriptor.ofVoid());
        processStatsGet = bind(library, "memlab_process_stats_get", FunctionDescriptor.ofVoid(ADDRESS));
        pageSize = bind(library, "memlab_page_size", FunctionDescriptor.of(JAVA_LONG));
        touchPages = bind(library, "memlab_touch_pages", FunctionDescriptor.ofVoid(ADDRESS, SIZE_T));
        leakChunk = bind(library, "memlab_leak_chunk", FunctionDescriptor.of(ADDRESS, SIZE_T, JAVA_INT));
        arenaChecksum = bind(library, "memlab_arena_checksum", FunctionDescriptor.of(JAVA_LONG, ADDRESS, SIZE_T));
        crashNullWrite = bind(library, "memlab_crash_null_write", FunctionDescriptor.ofVoid());
        blocksAlloc = bind(library, "memlab_blocks_alloc", FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG));
        blocksFree = bind(library, "memlab_blocks_free", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
        blocksRelease = bind(library, "memlab_blocks_release", FunctionDescriptor.ofVoid(ADDRESS));
        allocatorTrim = bind(library, "memlab_allocator_trim", FunctionDescriptor.of(JAVA_INT));
        allocatorHeldBytes = bind(library, "memlab_allocator_held_bytes", FunctionDescriptor.of(JAVA_LONG));
        rangeMaterialize = bind(library, "memlab_range_materialize",
                FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        rangeSumBuffer = bind(library, "memlab_range_sum_buffer", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
        rangeNew = bind(library, "memlab_range_new", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        rangeNext = bind(library, "memlab_range_next", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        rcRing = bind(library, "memlab_rc_ring", FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
        rcRelease = bind(library, "memlab_rc_release", FunctionDescriptor.ofVoid(ADDRESS));
        rcUnlink = bind(library, "memlab_rc_unlink", FunctionDescriptor.ofVoid(ADDRESS));
        rcCount = bind(library, "memlab_rc_count", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        layoutCapture = bind(library, "memlab_layout_capture", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        layoutRelease = bind(library, "memlab_layout_release", FunctionDescriptor.ofVoid());
        stackLoop = bind(library, "memlab_stack_loop_ns", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS));
        heapLoop = bind(library, "memlab_heap_loop_ns", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS));
        vmReserve = bind(library, "memlab_vm_reserve", FunctionDescriptor.of(ADDRESS, SIZE_T));
        vmCommit = bind(library, "memlab_vm_commit", FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T));
        vmRelease = bind(library, "memlab_vm_release", FunctionDescriptor.of(JAVA_INT, ADDRESS, SIZE_T));
        vmRandomReads = bind(library, "memlab_vm_random_reads",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, SIZE_T, JAVA_LONG));
        recurse = bind(library, "memlab_recurse", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS));
        recurseBounded = bind(library, "memlab_recurse_bounded",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
        iterate = bind(library, "memlab_iterate", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    }

    /** The shared instance; loads the library on first use. */
    public static synchronized FfmNative get() {
        if (instance == null) {
            var file = NativeLib.path();
            try {
                instance = new FfmNative(SymbolLookup.libraryLookup(file, Arena.global()));
            } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
                throw new NativeLibraryException("cannot load the native library " + file + " through FFM: "
                        + e.getMessage() + "; rebuild it with ./mvnw verify for this platform");
            }
        }
        return instance;
    }

    private static MethodHandle bind(SymbolLookup library, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = library.find(name).orElseThrow(() -> new NativeLibraryException(
                "the native library " + NativeLib.path() + " has no symbol " + name
                        + "; it is an older build: rebuild it with ./mvnw verify"));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }

    @Override
    public String binding() {
        return "ffm";
    }

    @Override
    public String version() {
        try {
            return ((MemorySegment) version.invokeExact()).reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long malloc(long bytes) {
        try {
            return ((MemorySegment) malloc.invokeExact(bytes)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long calloc(long count, long size) {
        try {
            return ((MemorySegment) calloc.invokeExact(count, size)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long realloc(long address, long bytes) {
        try {
            return ((MemorySegment) realloc.invokeExact(MemorySegment.ofAddress(address), bytes)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void free(long address) {
        try {
            free.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public AllocStats allocStats() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(CTypes.ALLOC_STATS);
            allocStatsGet.invokeExact(out);
            return AllocStats.of(CTypes.readInt64Fields(CTypes.ALLOC_STATS, offset -> out.get(JAVA_LONG, offset)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void resetPeak() {
        try {
            allocResetPeak.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public ProcessStats processStats() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(CTypes.PROCESS_STATS);
            processStatsGet.invokeExact(out);
            return ProcessStats.of(CTypes.readInt64Fields(CTypes.PROCESS_STATS, offset -> out.get(JAVA_LONG, offset)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long pageSize() {
        try {
            return (long) pageSize.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void touchPages(long address, long bytes) {
        try {
            touchPages.invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long leakChunk(long bytes, boolean writePages) {
        try {
            return ((MemorySegment) leakChunk.invokeExact(bytes, writePages ? 1 : 0)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long arenaChecksum(long address, long bytes) {
        return arenaChecksum(MemorySegment.ofAddress(address), bytes);
    }

    /** The FFM way: pass the segment itself; the downcall passes its address. */
    public long arenaChecksum(MemorySegment segment, long bytes) {
        try {
            return (long) arenaChecksum.invokeExact(segment, bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void copyFrom(byte[] source, long address) {
        MemorySegment.copy(source, 0, MemorySegment.ofAddress(address).reinterpret(source.length), JAVA_BYTE, 0,
                source.length);
    }

    @Override
    public NativeBuffer rangeMaterialize(int start, int stop, int step) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_LONG);
            long address = ((MemorySegment) rangeMaterialize.invokeExact(start, stop, step, count)).address();
            return new NativeBuffer(address, count.get(JAVA_LONG, 0));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rangeSumBuffer(long address, long count) {
        try {
            return (long) rangeSumBuffer.invokeExact(MemorySegment.ofAddress(address), count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rangeNew(int start, int stop, int step) {
        try {
            return ((MemorySegment) rangeNew.invokeExact(start, stop, step)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rangeNext(long range) {
        return rangeNext(MemorySegment.ofAddress(range));
    }

    /** The FFM way for a hot loop: wrap the address once, pass the segment each call. */
    public long rangeNext(MemorySegment range) {
        try {
            return (long) rangeNext.invokeExact(range);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rcRing(long nodes, long payloadBytes, int mode) {
        try {
            return ((MemorySegment) rcRing.invokeExact(nodes, payloadBytes, mode)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void rcRelease(long node) {
        try {
            rcRelease.invokeExact(MemorySegment.ofAddress(node));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void rcUnlink(long node) {
        try {
            rcUnlink.invokeExact(MemorySegment.ofAddress(node));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rcCount(long node) {
        try {
            return (long) rcCount.invokeExact(MemorySegment.ofAddress(node));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public java.util.Map<String, Long> layoutCapture() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(CTypes.LAYOUT);
            if ((int) layoutCapture.invokeExact(out) != 0) {
                return java.util.Map.of();
            }
            return Layouts.byName(CTypes.LAYOUT, CTypes.readInt64Fields(CTypes.LAYOUT, offset -> out.get(JAVA_LONG, offset)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void layoutRelease() {
        try {
            layoutRelease.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public LoopTiming stackLoop(long calls) {
        return loop(stackLoop, calls);
    }

    @Override
    public LoopTiming heapLoop(long calls) {
        return loop(heapLoop, calls);
    }

    private static LoopTiming loop(MethodHandle loop, long calls) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment checksum = arena.allocate(JAVA_LONG);
            long nanos = (long) loop.invokeExact(calls, checksum);
            return new LoopTiming(nanos, checksum.get(JAVA_LONG, 0));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long vmReserve(long bytes) {
        try {
            return ((MemorySegment) vmReserve.invokeExact(bytes)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int vmCommit(long address, long bytes) {
        try {
            return (int) vmCommit.invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int vmRelease(long address, long bytes) {
        try {
            return (int) vmRelease.invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long vmRandomReads(long address, long bytes, long reads) {
        try {
            return (long) vmRandomReads.invokeExact(MemorySegment.ofAddress(address), bytes, reads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long recurse(long target, long depthAddress) {
        try {
            return (long) recurse.invokeExact(target, MemorySegment.ofAddress(depthAddress));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long recurseBounded(long target, long maxDepth, long depthAddress) {
        try {
            return (long) recurseBounded.invokeExact(target, maxDepth, MemorySegment.ofAddress(depthAddress));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long iterate(long target) {
        try {
            return (long) iterate.invokeExact(target);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long blocksAlloc(long count, long blockBytes) {
        try {
            return ((MemorySegment) blocksAlloc.invokeExact(count, blockBytes)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long blocksFree(long blocks, long keepEvery) {
        try {
            return (long) blocksFree.invokeExact(MemorySegment.ofAddress(blocks), keepEvery);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void blocksRelease(long blocks) {
        try {
            blocksRelease.invokeExact(MemorySegment.ofAddress(blocks));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int allocatorTrim() {
        try {
            return (int) allocatorTrim.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long allocatorHeldBytes() {
        try {
            return (long) allocatorHeldBytes.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void crashNullWrite() {
        try {
            crashNullWrite.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("downcall failed", t);
    }

}
