package memlab.labs.throwaway;

import jnr.ffi.Pointer;
import jnr.ffi.types.size_t;

import memlab.nativelib.Jnr;

/** {@link ThrowawayNative} through JNR-FFI. */
final class ThrowawayJnr implements ThrowawayNative {

    /** The C function as JNR binds it, by name. */
    public interface LibThrowaway {
        Pointer memlab_throwaway_filled(@size_t long bytes, int value);
    }

    private final LibThrowaway lib = Jnr.load(LibThrowaway.class);

    @Override
    public long filled(long bytes, int value) {
        return Jnr.address(lib.memlab_throwaway_filled(bytes, value));
    }
}
