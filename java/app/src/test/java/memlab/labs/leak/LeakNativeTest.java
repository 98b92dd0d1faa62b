package memlab.labs.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

/** Lab 05's binding pair: FFM and JNR calls of memlab_leak_chunk do the same to the same library. */
class LeakNativeTest {

    @Test
    void bothBindingsLeakTheSameTrackedChunkOfWrittenBytes() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            NativeMemory memory = binding.memory();
            LeakNative leak = LeakNative.of(binding);
            AllocStats before = memory.allocStats();
            long written = leak.leakChunk(10_000, true);
            long untouched = leak.leakChunk(5_000, false);
            AllocStats held = memory.allocStats().minus(before);
            assertEquals(15_000, held.liveBytes(), binding.id());
            assertEquals(2, held.liveBlocks(), binding.id());
            byte[] copy = new byte[3];
            java.lang.foreign.MemorySegment.ofAddress(written).reinterpret(10_000).asByteBuffer().position(9_997).get(copy);
            assertEquals(List.of((byte) 0xA5, (byte) 0xA5, (byte) 0xA5), List.of(copy[0], copy[1], copy[2]), binding.id());
            memory.free(written);
            memory.free(untouched);
            assertEquals(before.liveBytes(), memory.allocStats().liveBytes(), binding.id());
        }
    }

    @Test
    void anImpossibleChunkIsNullNotACrash() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            assertEquals(0, LeakNative.of(binding).leakChunk(-1, true), binding.id()); // SIZE_MAX
        }
    }
}
