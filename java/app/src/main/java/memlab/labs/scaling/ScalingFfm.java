package memlab.labs.scaling;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/** {@link ScalingNative} through java.lang.foreign: the address as a segment just big enough. */
final class ScalingFfm implements ScalingNative {

    @Override
    public void writeSpecimen(long address, long landmarksOffset, long id) {
        MemorySegment specimen = MemorySegment.ofAddress(address).reinterpret(landmarksOffset + Double.BYTES);
        specimen.set(JAVA_LONG_UNALIGNED, 0, id);
        specimen.set(JAVA_DOUBLE_UNALIGNED, landmarksOffset, id);
    }
}
