package memlab.nativelib;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.LongLongByReference;
import jnr.ffi.types.int64_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.u_int64_t;

/**
 * The memlab C library through JNR-FFI: a Java interface whose methods JNR binds to the C
 * functions of the same name. Structs are read at the offsets {@link CTypes} computes.
 */
public final class JnrNative implements NativeMemory {

    /** The C API as JNR sees it; {@code @size_t} keeps size_t 64-bit on every OS (Windows' long is 32). */
    public interface LibMemlab {
        String memlab_version();

        Pointer memlab_malloc(@size_t long bytes);

        Pointer memlab_calloc(@size_t long count, @size_t long size);

        Pointer memlab_realloc(Pointer block, @size_t long bytes);

        void memlab_free(Pointer block);

        void memlab_alloc_stats_get(Pointer out);

        void memlab_alloc_reset_peak();

        void memlab_process_stats_get(Pointer out);

        @int64_t long memlab_page_size();

        void memlab_touch_pages(Pointer block, @size_t long bytes);

        Pointer memlab_leak_chunk(@size_t long bytes, int writePages);

        @u_int64_t long memlab_arena_checksum(Pointer block, @size_t long bytes);

        void memlab_crash_null_write();

        Pointer memlab_range_materialize(int start, int stop, int step, @Out LongLongByReference count);

        @int64_t long memlab_range_sum_buffer(Pointer values, @int64_t long count);

        Pointer memlab_range_new(int start, int stop, int step);

        @int64_t long memlab_range_next(Pointer range);

        Pointer memlab_rc_ring(@int64_t long nodes, @int64_t long payloadBytes, int mode);

        void memlab_rc_release(Pointer node);

        void memlab_rc_unlink(Pointer node);

        @int64_t long memlab_rc_count(Pointer node);

        int memlab_layout_capture(Pointer out);

        void memlab_layout_release();

        @int64_t long memlab_stack_loop_ns(@int64_t long calls, @Out LongLongByReference checksum);

        @int64_t long memlab_heap_loop_ns(@int64_t long calls, @Out LongLongByReference checksum);

        Pointer memlab_vm_reserve(@size_t long bytes);

        int memlab_vm_commit(Pointer block, @size_t long bytes);

        int memlab_vm_release(Pointer block, @size_t long bytes);

        @int64_t long memlab_vm_random_reads(Pointer block, @size_t long bytes, @int64_t long reads);

        @int64_t long memlab_recurse(@int64_t long target, Pointer depthOut);

        @int64_t long memlab_recurse_bounded(@int64_t long target, @int64_t long maxDepth, Pointer depthOut);

        @int64_t long memlab_iterate(@int64_t long target);

        Pointer memlab_blocks_alloc(@int64_t long count, @int64_t long blockBytes);

        @int64_t long memlab_blocks_free(Pointer blocks, @int64_t long keepEvery);

        void memlab_blocks_release(Pointer blocks);

        int memlab_allocator_trim();

        @int64_t long memlab_allocator_held_bytes();
    }

    private static JnrNative instance;

    private final LibMemlab lib;
    private final Runtime runtime;

    private JnrNative(LibMemlab lib) {
        this.lib = lib;
        this.runtime = Runtime.getRuntime(lib);
    }

    /** The shared instance; loads the library on first use. */
    public static synchronized JnrNative get() {
        if (instance == null) {
            var file = NativeLib.path();
            try {
                instance = new JnrNative(LibraryLoader.create(LibMemlab.class)
                        .failImmediately()
                        .load(file.toString()));
            } catch (LinkageError | RuntimeException e) {
                throw new NativeLibraryException("cannot load the native library " + file + " through JNR-FFI: "
                        + e.getMessage() + "; rebuild it with ./mvnw verify for this platform");
            }
        }
        return instance;
    }

    public Runtime runtime() {
        return runtime;
    }

    @Override
    public String binding() {
        return "jnr";
    }

    @Override
    public String version() {
        return lib.memlab_version();
    }

    @Override
    public long malloc(long bytes) {
        return address(lib.memlab_malloc(bytes));
    }

    @Override
    public long calloc(long count, long size) {
        return address(lib.memlab_calloc(count, size));
    }

    @Override
    public long realloc(long address, long bytes) {
        return address(lib.memlab_realloc(pointer(address), bytes));
    }

    @Override
    public void free(long address) {
        lib.memlab_free(pointer(address));
    }

    @Override
    public AllocStats allocStats() {
        Pointer out = Memory.allocateDirect(runtime, (int) CTypes.ALLOC_STATS.byteSize());
        lib.memlab_alloc_stats_get(out);
        return AllocStats.of(CTypes.readInt64Fields(CTypes.ALLOC_STATS, out::getLong));
    }

    @Override
    public void resetPeak() {
        lib.memlab_alloc_reset_peak();
    }

    @Override
    public ProcessStats processStats() {
        Pointer out = Memory.allocateDirect(runtime, (int) CTypes.PROCESS_STATS.byteSize());
        lib.memlab_process_stats_get(out);
        return ProcessStats.of(CTypes.readInt64Fields(CTypes.PROCESS_STATS, out::getLong));
    }

    @Override
    public long pageSize() {
        return lib.memlab_page_size();
    }

    @Override
    public void touchPages(long address, long bytes) {
        lib.memlab_touch_pages(pointer(address), bytes);
    }

    @Override
    public long leakChunk(long bytes, boolean writePages) {
        return address(lib.memlab_leak_chunk(bytes, writePages ? 1 : 0));
    }

    @Override
    public long blocksAlloc(long count, long blockBytes) {
        return address(lib.memlab_blocks_alloc(count, blockBytes));
    }

    @Override
    public long blocksFree(long blocks, long keepEvery) {
        return lib.memlab_blocks_free(pointer(blocks), keepEvery);
    }

    @Override
    public void blocksRelease(long blocks) {
        lib.memlab_blocks_release(pointer(blocks));
    }

    @Override
    public int allocatorTrim() {
        return lib.memlab_allocator_trim();
    }

    @Override
    public long allocatorHeldBytes() {
        return lib.memlab_allocator_held_bytes();
    }

    @Override
    public long arenaChecksum(long address, long bytes) {
        return lib.memlab_arena_checksum(pointer(address), bytes);
    }

    @Override
    public void copyFrom(byte[] source, long address) {
        pointer(address).put(0, source, 0, source.length);
    }

    @Override
    public NativeBuffer rangeMaterialize(int start, int stop, int step) {
        LongLongByReference count = new LongLongByReference();
        long address = address(lib.memlab_range_materialize(start, stop, step, count));
        return new NativeBuffer(address, count.longValue());
    }

    @Override
    public long rangeSumBuffer(long address, long count) {
        return lib.memlab_range_sum_buffer(pointer(address), count);
    }

    @Override
    public long rangeNew(int start, int stop, int step) {
        return address(lib.memlab_range_new(start, stop, step));
    }

    @Override
    public long rangeNext(long range) {
        return lib.memlab_range_next(pointer(range));
    }

    /** The JNR way for a hot loop: wrap the address once, pass the Pointer each call. */
    public long rangeNext(Pointer range) {
        return lib.memlab_range_next(range);
    }

    public Pointer wrap(long address) {
        return pointer(address);
    }

    @Override
    public long rcRing(long nodes, long payloadBytes, int mode) {
        return address(lib.memlab_rc_ring(nodes, payloadBytes, mode));
    }

    @Override
    public void rcRelease(long node) {
        lib.memlab_rc_release(pointer(node));
    }

    @Override
    public void rcUnlink(long node) {
        lib.memlab_rc_unlink(pointer(node));
    }

    @Override
    public long rcCount(long node) {
        return lib.memlab_rc_count(pointer(node));
    }

    @Override
    public java.util.Map<String, Long> layoutCapture() {
        Pointer out = Memory.allocateDirect(runtime, (int) CTypes.LAYOUT.byteSize());
        if (lib.memlab_layout_capture(out) != 0) {
            return java.util.Map.of();
        }
        return Layouts.byName(CTypes.LAYOUT, CTypes.readInt64Fields(CTypes.LAYOUT, out::getLong));
    }

    @Override
    public void layoutRelease() {
        lib.memlab_layout_release();
    }

    @Override
    public LoopTiming stackLoop(long calls) {
        LongLongByReference checksum = new LongLongByReference();
        long nanos = lib.memlab_stack_loop_ns(calls, checksum);
        return new LoopTiming(nanos, checksum.longValue());
    }

    @Override
    public LoopTiming heapLoop(long calls) {
        LongLongByReference checksum = new LongLongByReference();
        long nanos = lib.memlab_heap_loop_ns(calls, checksum);
        return new LoopTiming(nanos, checksum.longValue());
    }

    @Override
    public long vmReserve(long bytes) {
        return address(lib.memlab_vm_reserve(bytes));
    }

    @Override
    public int vmCommit(long address, long bytes) {
        return lib.memlab_vm_commit(pointer(address), bytes);
    }

    @Override
    public int vmRelease(long address, long bytes) {
        return lib.memlab_vm_release(pointer(address), bytes);
    }

    @Override
    public long vmRandomReads(long address, long bytes, long reads) {
        return lib.memlab_vm_random_reads(pointer(address), bytes, reads);
    }

    @Override
    public long recurse(long target, long depthAddress) {
        return lib.memlab_recurse(target, pointer(depthAddress));
    }

    @Override
    public long recurseBounded(long target, long maxDepth, long depthAddress) {
        return lib.memlab_recurse_bounded(target, maxDepth, pointer(depthAddress));
    }

    @Override
    public long iterate(long target) {
        return lib.memlab_iterate(target);
    }

    @Override
    public void crashNullWrite() {
        lib.memlab_crash_null_write();
    }

    private Pointer pointer(long address) {
        return address == 0 ? null : Pointer.wrap(runtime, address);
    }

    private static long address(Pointer pointer) {
        return pointer == null ? 0 : pointer.address();
    }
}
