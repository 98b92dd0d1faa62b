package memlab.labs.retention;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.int64_t;

import memlab.nativelib.Jnr;

/** {@link RetentionNative} through JNR-FFI. */
final class RetentionJnr implements RetentionNative {

    /** The C functions as JNR binds them, by name. */
    public interface LibRetention {
        Pointer memlab_blocks_alloc(@int64_t long count, @int64_t long blockBytes);

        @int64_t long memlab_blocks_free(Pointer blocks, @int64_t long keepEvery);

        void memlab_blocks_release(Pointer blocks);

        @int64_t long memlab_allocator_held_bytes();
    }

    private final LibRetention lib = Jnr.load(LibRetention.class);
    private final Runtime runtime = Jnr.runtime(lib);

    @Override
    public long blocksAlloc(long count, long blockBytes) {
        return Jnr.address(lib.memlab_blocks_alloc(count, blockBytes));
    }

    @Override
    public long blocksFree(long blocks, long keepEvery) {
        return lib.memlab_blocks_free(Jnr.pointer(runtime, blocks), keepEvery);
    }

    @Override
    public void blocksRelease(long blocks) {
        lib.memlab_blocks_release(Jnr.pointer(runtime, blocks));
    }

    @Override
    public long allocatorHeldBytes() {
        return lib.memlab_allocator_held_bytes();
    }
}
