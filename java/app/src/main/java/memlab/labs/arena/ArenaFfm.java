package memlab.labs.arena;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static memlab.nativelib.CTypes.SIZE_T;

import memlab.nativelib.Ffm;

/** {@link ArenaNative} through java.lang.foreign. */
final class ArenaFfm implements ArenaNative {

    private static final MethodHandle ARENA_CHECKSUM = Ffm.bind("memlab_arena_checksum",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, SIZE_T));

    @Override
    public long checksum(long address, long bytes) {
        return checksum(MemorySegment.ofAddress(address), bytes);
    }

    @Override
    public long checksum(MemorySegment block) {
        return checksum(block, block.byteSize());
    }

    /** The FFM way: pass the segment itself; the downcall passes its address. */
    private static long checksum(MemorySegment segment, long bytes) {
        try {
            return (long) ARENA_CHECKSUM.invokeExact(segment, bytes);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public Owned allocateOwned(long bytes) {
        MemorySegment segment = Arena.ofAuto().allocate(bytes);
        return new Owned(segment, segment.address());
    }
}
