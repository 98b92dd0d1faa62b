package memlab.labs.stackvsheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

/** Lab 04's binding pair: FFM and JNR calls of the two C loops do the same work in the same library. */
class StackVsHeapNativeTest {

    private static final long CALLS = 100_000;

    /** What each call of either loop adds: the buffer's first, middle and last byte as C writes them. */
    private static long expectedChecksum(long calls) {
        long sum = 0;
        for (long i = 0; i < calls; i++) {
            sum += (i & 0xFF) + ((i >> 8) & 0xFF) + 1;
        }
        return sum;
    }

    @Test
    void bothLoopsThroughBothBindingsReturnTheSameChecksum() {
        long expected = expectedChecksum(CALLS);
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            StackVsHeapNative loops = StackVsHeapNative.of(binding);
            StackVsHeapNative.LoopTiming stack = loops.stackLoop(CALLS);
            StackVsHeapNative.LoopTiming heap = loops.heapLoop(CALLS);
            assertEquals(expected, stack.checksum(), binding.id() + " stack loop");
            assertEquals(expected, heap.checksum(), binding.id() + " heap loop");
            assertTrue(stack.nanos() > 0, binding.id() + " stack loop took " + stack.nanos() + " ns");
            assertTrue(heap.nanos() > 0, binding.id() + " heap loop took " + heap.nanos() + " ns");
        }
    }

    @Test
    void noCallsIsNoWorkThroughEitherBinding() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            StackVsHeapNative loops = StackVsHeapNative.of(binding);
            assertEquals(0, loops.stackLoop(0).checksum(), binding.id());
            assertEquals(0, loops.heapLoop(0).checksum(), binding.id());
        }
    }

    @Test
    void theMallocLoopUsesTheCAllocatorNotTheTrackedOne() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            NativeMemory memory = binding.memory();
            AllocStats before = memory.allocStats();
            StackVsHeapNative.of(binding).heapLoop(CALLS);
            StackVsHeapNative.of(binding).stackLoop(CALLS);
            AllocStats moved = memory.allocStats().minus(before);
            assertEquals(0, moved.liveBytes(), binding.id());
            assertEquals(0, moved.totalAllocations(), binding.id());
            assertEquals(0, moved.totalFrees(), binding.id());
        }
    }
}
