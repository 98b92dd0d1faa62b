package memlab.labs.layout;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import memlab.nativelib.CTypes;
import memlab.nativelib.Ffm;

/** {@link LayoutNative} through java.lang.foreign. */
final class LayoutFfm implements LayoutNative {

    private static final MethodHandle LAYOUT_CAPTURE = Ffm.bind("memlab_layout_capture",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle LAYOUT_RELEASE = Ffm.bind("memlab_layout_release", FunctionDescriptor.ofVoid());

    @Override
    public Map<String, Long> layoutCapture() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(LAYOUT);
            if ((int) LAYOUT_CAPTURE.invokeExact(out) != 0) {
                return Map.of();
            }
            return CTypes.byName(LAYOUT, CTypes.readInt64Fields(LAYOUT, offset -> out.get(JAVA_LONG, offset)));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public void layoutRelease() {
        try {
            LAYOUT_RELEASE.invokeExact();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
