package memlab.labs.throwaway;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static memlab.nativelib.CTypes.SIZE_T;

import memlab.nativelib.Ffm;

/** {@link ThrowawayNative} through java.lang.foreign. */
final class ThrowawayFfm implements ThrowawayNative {

    private static final MethodHandle FILLED = Ffm.bind("memlab_throwaway_filled",
            FunctionDescriptor.of(ADDRESS, SIZE_T, JAVA_INT));

    @Override
    public long filled(long bytes, int value) {
        try {
            return ((MemorySegment) FILLED.invokeExact(bytes, value)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
