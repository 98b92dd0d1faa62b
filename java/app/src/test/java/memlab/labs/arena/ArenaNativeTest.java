package memlab.labs.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** Lab 08's binding pair: FFM and JNR calls of memlab_arena_checksum read the same bytes the same way. */
class ArenaNativeTest {

    private static final List<Binding> BOTH = List.of(Binding.FFM, Binding.JNR);

    @Test
    void checksumReadsTheSameTrackedBytesThroughBothBindings() {
        NativeMemory memory = Binding.FFM.memory();
        long block = memory.malloc(10_000);
        try {
            MemorySegment.ofAddress(block).reinterpret(10_000).fill((byte) 0xA5);
            for (Binding binding : BOTH) {
                AllocStats before = binding.memory().allocStats();
                assertEquals(10_000L * 0xA5, ArenaNative.of(binding).checksum(block, 10_000), binding.id());
                assertEquals(9_997L * 0xA5, ArenaNative.of(binding).checksum(block + 3, 9_997), binding.id());
                assertEquals(0, ArenaNative.of(binding).checksum(block, 0), binding.id());
                // reading allocates nothing and frees nothing in the tracked allocator
                AllocStats moved = binding.memory().allocStats().minus(before);
                assertEquals(0, moved.totalAllocations(), binding.id());
                assertEquals(0, moved.totalFrees(), binding.id());
            }
        } finally {
            memory.free(block);
        }
    }

    @Test
    void copiedBytesSumTheSameThroughEitherBinding() {
        for (Binding binding : BOTH) {
            NativeMemory memory = binding.memory();
            AllocStats before = memory.allocStats();
            byte[] bytes = {1, 2, 3, 4, 5};
            long copy = memory.malloc(bytes.length);
            memory.copyFrom(bytes, copy);
            assertEquals(15, ArenaNative.of(binding).checksum(copy, bytes.length), binding.id());
            memory.free(copy);
            assertEquals(before.liveBytes(), memory.allocStats().liveBytes(), binding.id());
        }
    }

    @Test
    void bothBindingsSumAnArenaSegmentCDidNotAllocate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(4096);
            for (long i = 0; i < segment.byteSize(); i++) {
                segment.set(JAVA_BYTE, i, (byte) (i % 7));
            }
            long expected = 0;
            for (long i = 0; i < segment.byteSize(); i++) {
                expected += i % 7;
            }
            for (Binding binding : BOTH) {
                AllocStats before = binding.memory().allocStats();
                assertEquals(expected, ArenaNative.of(binding).checksum(segment), binding.id());
                assertEquals(expected, ArenaNative.of(binding).checksum(segment.address(), segment.byteSize()),
                        binding.id());
                assertEquals(before.liveBytes(), binding.memory().allocStats().liveBytes(), binding.id());
            }
        }
    }

    @Test
    void ownedMemoryIsWritableAndOutsideTheTrackedAllocator() {
        for (Binding binding : BOTH) {
            AllocStats before = binding.memory().allocStats();
            ArenaNative.Owned owned = ArenaNative.of(binding).allocateOwned(1000);
            assertNotEquals(0, owned.address(), binding.id());
            MemorySegment.ofAddress(owned.address()).reinterpret(1000).fill((byte) 3);
            assertEquals(3000, ArenaNative.of(binding).checksum(owned.address(), 1000), binding.id());
            // the binding's own memory, freed by its owner's Cleaner: memlab's allocator never sees it
            assertEquals(0, binding.memory().allocStats().minus(before).totalAllocations(), binding.id());
            java.lang.ref.Reference.reachabilityFence(owned.owner());
        }
    }
}
