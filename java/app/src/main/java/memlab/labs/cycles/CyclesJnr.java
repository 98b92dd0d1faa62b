package memlab.labs.cycles;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.int64_t;

import memlab.nativelib.Jnr;

/** {@link CyclesNative} through JNR-FFI. */
final class CyclesJnr implements CyclesNative {

    /** The C functions as JNR binds them, by name. */
    public interface LibCycles {
        Pointer memlab_rc_ring(@int64_t long nodes, @int64_t long payloadBytes, int mode);

        void memlab_rc_release(Pointer node);

        void memlab_rc_unlink(Pointer node);

        @int64_t long memlab_rc_count(Pointer node);
    }

    private final LibCycles lib = Jnr.load(LibCycles.class);
    private final Runtime runtime = Jnr.runtime(lib);

    @Override
    public long rcRing(long nodes, long payloadBytes, int mode) {
        return Jnr.address(lib.memlab_rc_ring(nodes, payloadBytes, mode));
    }

    @Override
    public void rcRelease(long node) {
        lib.memlab_rc_release(Jnr.pointer(runtime, node));
    }

    @Override
    public void rcUnlink(long node) {
        lib.memlab_rc_unlink(Jnr.pointer(runtime, node));
    }

    @Override
    public long rcCount(long node) {
        return lib.memlab_rc_count(Jnr.pointer(runtime, node));
    }
}
