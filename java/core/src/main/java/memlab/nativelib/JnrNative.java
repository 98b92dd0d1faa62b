package memlab.nativelib;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.int64_t;
import jnr.ffi.types.size_t;

/**
 * What every lab shares, through JNR-FFI: a Java interface whose methods JNR binds to the C
 * functions of the same name. Structs are read at the offsets {@link CTypes} computes.
 */
public final class JnrNative implements NativeMemory {

    /** The shared part of the C API as JNR sees it. */
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

        int memlab_allocator_trim();

        void memlab_touch_pages(Pointer block, @size_t long bytes);
    }

    private static JnrNative instance;

    private final LibMemlab lib;
    private final Runtime runtime;

    private JnrNative(LibMemlab lib) {
        this.lib = lib;
        this.runtime = Jnr.runtime(lib);
    }

    /** The shared instance; loads the library on first use. */
    public static synchronized JnrNative get() {
        if (instance == null) {
            instance = new JnrNative(Jnr.load(LibMemlab.class));
        }
        return instance;
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
        return Jnr.address(lib.memlab_malloc(bytes));
    }

    @Override
    public long calloc(long count, long size) {
        return Jnr.address(lib.memlab_calloc(count, size));
    }

    @Override
    public long realloc(long address, long bytes) {
        return Jnr.address(lib.memlab_realloc(pointer(address), bytes));
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
    public int allocatorTrim() {
        return lib.memlab_allocator_trim();
    }

    @Override
    public void touchPages(long address, long bytes) {
        lib.memlab_touch_pages(pointer(address), bytes);
    }

    @Override
    public void copyFrom(byte[] source, long address) {
        pointer(address).put(0, source, 0, source.length);
    }

    private Pointer pointer(long address) {
        return Jnr.pointer(runtime, address);
    }
}
