package memlab.labs.leakhunt;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static memlab.nativelib.CTypes.SIZE_T;

import memlab.nativelib.Ffm;

/** {@link LeakHuntNative} through java.lang.foreign. */
final class LeakHuntFfm implements LeakHuntNative {

    private static final MethodHandle ARENA_CHECKSUM = Ffm.bind("memlab_arena_checksum",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, SIZE_T));

    @Override
    public long checksum(long address, long bytes) {
        try {
            return (long) ARENA_CHECKSUM.invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
