package memlab.labs.scaling;

import memlab.nativelib.Binding;

/**
 * How lab 09 writes a specimen struct it calloc'd, through either binding's own pointer type
 * (a MemorySegment for FFM, a JNR Pointer): lab 09 has no C function of its own.
 */
interface ScalingNative {

    /** Writes a specimen's id at offset 0 and its first landmark, the id as a double, at {@code landmarksOffset}. */
    void writeSpecimen(long address, long landmarksOffset, long id);

    static ScalingNative of(Binding binding) {
        return binding.pick(ScalingFfm::new, ScalingJnr::new);
    }
}
