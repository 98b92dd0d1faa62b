package memlab.labs.retention;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import memlab.nativelib.Ffm;

/** {@link RetentionNative} through java.lang.foreign. */
final class RetentionFfm implements RetentionNative {

    private static final MethodHandle BLOCKS_ALLOC = Ffm.bind("memlab_blocks_alloc",
            FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle BLOCKS_FREE = Ffm.bind("memlab_blocks_free",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
    private static final MethodHandle BLOCKS_RELEASE = Ffm.bind("memlab_blocks_release",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle ALLOCATOR_HELD_BYTES = Ffm.bind("memlab_allocator_held_bytes",
            FunctionDescriptor.of(JAVA_LONG));

    @Override
    public long blocksAlloc(long count, long blockBytes) {
        try {
            return ((MemorySegment) BLOCKS_ALLOC.invokeExact(count, blockBytes)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long blocksFree(long blocks, long keepEvery) {
        try {
            return (long) BLOCKS_FREE.invokeExact(MemorySegment.ofAddress(blocks), keepEvery);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public void blocksRelease(long blocks) {
        try {
            BLOCKS_RELEASE.invokeExact(MemorySegment.ofAddress(blocks));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long allocatorHeldBytes() {
        try {
            return (long) ALLOCATOR_HELD_BYTES.invokeExact();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
