package memlab.labs.leakhunt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

/** Lab 10's binding pair: FFM and JNR calls of memlab_arena_checksum read the same bytes the same way. */
class LeakHuntNativeTest {

    private static final List<Binding> BOTH = List.of(Binding.FFM, Binding.JNR);

    @Test
    void checksumReadsTheSameBytesThroughBothBindings() {
        NativeMemory memory = Binding.FFM.memory();
        long block = memory.malloc(10_000);
        try {
            MemorySegment.ofAddress(block).reinterpret(10_000).fill((byte) 0xA5); // every byte 0xA5
            for (Binding binding : BOTH) {
                assertEquals(10_000L * 0xA5, LeakHuntNative.of(binding).checksum(block, 10_000), binding.id());
                assertEquals(0, LeakHuntNative.of(binding).checksum(block, 0), binding.id());
            }
        } finally {
            memory.free(block);
        }
    }

    @Test
    void aCallocdSpecimenSumsToZeroAndReadingMovesNoCounter() {
        // the lab's "analyze" step: the first 8 bytes of a zeroed specimen struct, read through each binding
        for (Binding binding : BOTH) {
            NativeMemory memory = binding.memory();
            long specimen = memory.calloc(1, 8 + 16L * Lab10_LeakHunt.LANDMARKS);
            AllocStats before = memory.allocStats();
            assertEquals(0, LeakHuntNative.of(binding).checksum(specimen, 8), binding.id());
            byte[] bytes = {1, 2, 3, 4, 5};
            memory.copyFrom(bytes, specimen);
            assertEquals(15, LeakHuntNative.of(binding).checksum(specimen, 8), binding.id());
            AllocStats moved = memory.allocStats().minus(before);
            assertEquals(0, moved.totalAllocations(), binding.id());
            assertEquals(0, moved.totalFrees(), binding.id());
            memory.free(specimen);
        }
    }
}
