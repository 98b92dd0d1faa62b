package memlab.labs.stackoverflow;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.int64_t;

import memlab.nativelib.Jnr;

/** {@link StackOverflowNative} through JNR-FFI. */
final class StackOverflowJnr implements StackOverflowNative {

    /** The C functions as JNR binds them, by name. */
    public interface LibStackOverflow {
        @int64_t long memlab_recurse(@int64_t long target, Pointer depthOut);

        @int64_t long memlab_recurse_bounded(@int64_t long target, @int64_t long maxDepth, Pointer depthOut);

        @int64_t long memlab_iterate(@int64_t long target);
    }

    private final LibStackOverflow lib = Jnr.load(LibStackOverflow.class);
    private final Runtime runtime = Jnr.runtime(lib);

    @Override
    public long recurse(long target, long depthAddress) {
        return lib.memlab_recurse(target, Jnr.pointer(runtime, depthAddress));
    }

    @Override
    public long recurseBounded(long target, long maxDepth, long depthAddress) {
        return lib.memlab_recurse_bounded(target, maxDepth, Jnr.pointer(runtime, depthAddress));
    }

    @Override
    public long iterate(long target) {
        return lib.memlab_iterate(target);
    }
}
