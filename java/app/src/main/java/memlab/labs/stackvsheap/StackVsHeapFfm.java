package memlab.labs.stackvsheap;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import memlab.nativelib.Ffm;

/** {@link StackVsHeapNative} through java.lang.foreign. */
final class StackVsHeapFfm implements StackVsHeapNative {

    private static final MethodHandle STACK_LOOP = Ffm.bind("memlab_stack_loop_ns",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS));
    private static final MethodHandle HEAP_LOOP = Ffm.bind("memlab_heap_loop_ns",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS));

    @Override
    public LoopTiming stackLoop(long calls) {
        return loop(STACK_LOOP, calls);
    }

    @Override
    public LoopTiming heapLoop(long calls) {
        return loop(HEAP_LOOP, calls);
    }

    private static LoopTiming loop(MethodHandle loop, long calls) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment checksum = arena.allocate(JAVA_LONG);
            long nanos = (long) loop.invokeExact(calls, checksum);
            return new LoopTiming(nanos, checksum.get(JAVA_LONG, 0));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }
}
