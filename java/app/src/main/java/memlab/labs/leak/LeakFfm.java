package memlab.labs.leak;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static memlab.nativelib.CTypes.SIZE_T;

import memlab.nativelib.Ffm;

/** {@link LeakNative} through java.lang.foreign. */
final class LeakFfm implements LeakNative {

    private static final MethodHandle LEAK_CHUNK = Ffm.bind("memlab_leak_chunk",
            FunctionDescriptor.of(ADDRESS, SIZE_T, JAVA_INT));

    @Override
    public long leakChunk(long bytes, boolean writePages) {
        try {
            return ((MemorySegment) LEAK_CHUNK.invokeExact(bytes, writePages ? 1 : 0)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
