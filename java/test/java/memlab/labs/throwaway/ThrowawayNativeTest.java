package memlab.labs.throwaway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

/** Lab 14's binding pair: FFM and JNR fill the same tracked block. */
class ThrowawayNativeTest {

    @Test
    void bothBindingsFillATrackedBlock() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            NativeMemory memory = binding.memory();
            long before = memory.allocStats().liveBytes();
            long block = ThrowawayNative.of(binding).filled(100, 9);
            assertEquals(100, memory.allocStats().liveBytes() - before, binding.id());
            assertEquals(9, MemorySegment.ofAddress(block).reinterpret(100).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 99));
            memory.free(block);
        }
    }
}
