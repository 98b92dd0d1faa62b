package memlab.labs.stackoverflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

/**
 * Lab 07's binding pair: FFM and JNR recurse, refuse and loop alike, and store the depth where they
 * are told. Shallow only: an overflow here would kill the test JVM (the lab does that in a child).
 */
class StackOverflowNativeTest {

    @Test
    void bothBindingsRecurseToTheTargetAndStoreTheDepth() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            StackOverflowNative lib = StackOverflowNative.of(binding);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment depth = arena.allocate(ValueLayout.JAVA_LONG);
                assertEquals(300, lib.recurse(300, depth.address()), binding.id());
                assertEquals(300, depth.get(ValueLayout.JAVA_LONG, 0), binding.id());
            }
            assertEquals(200, lib.recurse(200, 0), binding.id() + ": a NULL depth pointer is not written");
        }
    }

    @Test
    void bothBindingsRefuseAtTheBoundAndFinishWithinIt() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            StackOverflowNative lib = StackOverflowNative.of(binding);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment depth = arena.allocate(ValueLayout.JAVA_LONG);
                assertEquals(-1, lib.recurseBounded(1_000_000, 400, depth.address()), binding.id());
                assertEquals(400, depth.get(ValueLayout.JAVA_LONG, 0), binding.id() + ": stopped at the bound");
                assertEquals(250, lib.recurseBounded(250, 400, depth.address()), binding.id());
                assertEquals(250, depth.get(ValueLayout.JAVA_LONG, 0), binding.id());
            }
        }
    }

    @Test
    void bothBindingsLoopToTheSameResult() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            StackOverflowNative lib = StackOverflowNative.of(binding);
            assertEquals(1_000_000, lib.iterate(1_000_000), binding.id());
            assertEquals(0, lib.iterate(0), binding.id());
            // the loop computes what the recursion does, without its frames
            assertEquals(lib.recurse(123, 0), lib.iterate(123), binding.id());
        }
    }

    @Test
    void noneOfItTouchesTheTrackedAllocator() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            NativeMemory memory = binding.memory();
            StackOverflowNative lib = StackOverflowNative.of(binding);
            AllocStats before = memory.allocStats();
            lib.recurse(100, 0);
            lib.recurseBounded(1_000, 50, 0);
            lib.iterate(1_000);
            AllocStats moved = memory.allocStats().minus(before);
            assertEquals(0, moved.totalAllocations(), binding.id());
            assertEquals(0, moved.liveBytes(), binding.id());
        }
    }
}
