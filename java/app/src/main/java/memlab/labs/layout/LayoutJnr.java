package memlab.labs.layout;

import java.util.Map;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import memlab.nativelib.CTypes;
import memlab.nativelib.Jnr;

/** {@link LayoutNative} through JNR-FFI; the struct is read at the offsets {@link CTypes} computes. */
final class LayoutJnr implements LayoutNative {

    /** The C functions as JNR binds them, by name. */
    public interface LibLayout {
        int memlab_layout_capture(Pointer out);

        void memlab_layout_release();
    }

    private final LibLayout lib = Jnr.load(LibLayout.class);
    private final Runtime runtime = Jnr.runtime(lib);

    @Override
    public Map<String, Long> layoutCapture() {
        Pointer out = Memory.allocateDirect(runtime, (int) LAYOUT.byteSize());
        if (lib.memlab_layout_capture(out) != 0) {
            return Map.of();
        }
        return CTypes.byName(LAYOUT, CTypes.readInt64Fields(LAYOUT, out::getLong));
    }

    @Override
    public void layoutRelease() {
        lib.memlab_layout_release();
    }
}
