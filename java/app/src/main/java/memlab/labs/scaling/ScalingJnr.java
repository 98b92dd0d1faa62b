package memlab.labs.scaling;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import memlab.nativelib.Jnr;

/** {@link ScalingNative} through JNR-FFI: the address wrapped as a Pointer of JNR's runtime. */
final class ScalingJnr implements ScalingNative {

    private final Runtime runtime = Jnr.systemRuntime();

    @Override
    public void writeSpecimen(long address, long landmarksOffset, long id) {
        Pointer specimen = Jnr.pointer(runtime, address);
        specimen.putLong(0, id);
        specimen.putDouble(landmarksOffset, id);
    }
}
