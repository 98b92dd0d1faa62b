package memlab.labs.leak;

import jnr.ffi.Pointer;
import jnr.ffi.types.size_t;

import memlab.nativelib.Jnr;

/** {@link LeakNative} through JNR-FFI. */
final class LeakJnr implements LeakNative {

    /** The C function as JNR binds it, by name. */
    public interface LibLeak {
        Pointer memlab_leak_chunk(@size_t long bytes, int writePages);
    }

    private final LibLeak lib = Jnr.load(LibLeak.class);

    @Override
    public long leakChunk(long bytes, boolean writePages) {
        return Jnr.address(lib.memlab_leak_chunk(bytes, writePages ? 1 : 0));
    }
}
