package memlab.labs.stackoverflow;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import memlab.nativelib.Ffm;

/** {@link StackOverflowNative} through java.lang.foreign. */
final class StackOverflowFfm implements StackOverflowNative {

    private static final MethodHandle RECURSE = Ffm.bind("memlab_recurse",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS));
    private static final MethodHandle RECURSE_BOUNDED = Ffm.bind("memlab_recurse_bounded",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
    private static final MethodHandle ITERATE = Ffm.bind("memlab_iterate",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));

    @Override
    public long recurse(long target, long depthAddress) {
        try {
            return (long) RECURSE.invokeExact(target, MemorySegment.ofAddress(depthAddress));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long recurseBounded(long target, long maxDepth, long depthAddress) {
        try {
            return (long) RECURSE_BOUNDED.invokeExact(target, maxDepth, MemorySegment.ofAddress(depthAddress));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long iterate(long target) {
        try {
            return (long) ITERATE.invokeExact(target);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
