package memlab.labs.leakhunt;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.size_t;
import jnr.ffi.types.u_int64_t;

import memlab.nativelib.Jnr;

/** {@link LeakHuntNative} through JNR-FFI. */
final class LeakHuntJnr implements LeakHuntNative {

    /** The C function as JNR binds it, by name. */
    public interface LibLeakHunt {
        @u_int64_t long memlab_arena_checksum(Pointer block, @size_t long bytes);
    }

    private final LibLeakHunt lib = Jnr.load(LibLeakHunt.class);
    private final Runtime runtime = Jnr.runtime(lib);

    @Override
    public long checksum(long address, long bytes) {
        return lib.memlab_arena_checksum(Jnr.pointer(runtime, address), bytes);
    }
}
