package memlab.labs.materialize;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import memlab.nativelib.Ffm;

/** {@link MaterializeNative} through java.lang.foreign. */
final class MaterializeFfm implements MaterializeNative {

    private static final MethodHandle RANGE_MATERIALIZE = Ffm.bind("memlab_range_materialize",
            FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle RANGE_SUM_BUFFER = Ffm.bind("memlab_range_sum_buffer",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
    private static final MethodHandle RANGE_NEW = Ffm.bind("memlab_range_new",
            FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle RANGE_NEXT = Ffm.bind("memlab_range_next",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS));

    @Override
    public Int32Buffer rangeMaterialize(int start, int stop, int step) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_LONG);
            long address = ((MemorySegment) RANGE_MATERIALIZE.invokeExact(start, stop, step, count)).address();
            return new Int32Buffer(address, count.get(JAVA_LONG, 0));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long rangeSumBuffer(long address, long count) {
        try {
            return (long) RANGE_SUM_BUFFER.invokeExact(MemorySegment.ofAddress(address), count);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long rangeNew(int start, int stop, int step) {
        try {
            return ((MemorySegment) RANGE_NEW.invokeExact(start, stop, step)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    /** The FFM way for a hot loop: the address wrapped in a segment once, the segment passed each call. */
    @Override
    public RangeCursor cursor(long range) {
        MemorySegment segment = MemorySegment.ofAddress(range);
        return () -> next(segment);
    }

    private static long next(MemorySegment range) {
        try {
            return (long) RANGE_NEXT.invokeExact(range);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
