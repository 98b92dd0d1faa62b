package memlab.labs.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Lab 13 has no C function of its own: it keeps serialized bytes with the shared malloc, copyFrom
 * and free. Through FFM and JNR those must copy the same bytes and move the tracked allocator alike.
 */
class PayloadNativeTest {

    @Test
    void bothBindingsKeepAndFreeSerializedBytesAlike() {
        byte[] serialized = Lab13_Payload.Task.serialize(Lab13_Payload.Task.items(1, 1000).get(0));
        AllocStats[] kept = new AllocStats[2];
        List<Binding> both = List.of(Binding.FFM, Binding.JNR);
        for (int b = 0; b < both.size(); b++) {
            NativeMemory memory = both.get(b).memory();
            AllocStats before = memory.allocStats();
            long address = memory.malloc(serialized.length);
            memory.copyFrom(serialized, address);
            assertArrayEquals(serialized, MemorySegment.ofAddress(address).reinterpret(serialized.length)
                    .toArray(JAVA_BYTE), both.get(b).id());
            kept[b] = memory.allocStats().minus(before);
            assertEquals(serialized.length, kept[b].liveBytes(), both.get(b).id());
            memory.free(address);
            assertEquals(before.liveBytes(), memory.allocStats().liveBytes(), both.get(b).id());
        }
        assertEquals(kept[0].liveBlocks(), kept[1].liveBlocks());
        assertEquals(kept[0].totalAllocatedBytes(), kept[1].totalAllocatedBytes());
        assertEquals(kept[0].totalAllocations(), kept[1].totalAllocations());
        assertEquals(kept[0].totalFrees(), kept[1].totalFrees());
    }
}
