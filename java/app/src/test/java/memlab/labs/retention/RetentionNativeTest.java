package memlab.labs.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.ProcessStats;

/** Lab 12's binding pair: FFM and JNR calls of the blocks and allocator functions do the same to the same library. */
class RetentionNativeTest {

    private static final long COUNT = 10;
    private static final long BLOCK_BYTES = 100;
    /** The handle (an int64 and a pointer) and its array of COUNT pointers, besides the blocks. */
    private static final long BOOKKEEPING_BYTES = 16 + COUNT * 8;

    /** Live bytes and blocks after each step: allocated, every 4th kept, freed again (nothing more), released. */
    private static List<Long> sequence(Binding binding) {
        NativeMemory memory = binding.memory();
        RetentionNative retention = RetentionNative.of(binding);
        AllocStats before = memory.allocStats();
        List<Long> steps = new ArrayList<>();
        long blocks = retention.blocksAlloc(COUNT, BLOCK_BYTES);
        assertTrue(blocks != 0, binding.id());
        AllocStats allocated = memory.allocStats().minus(before);
        steps.add(allocated.liveBytes());
        steps.add(allocated.liveBlocks());
        steps.add(retention.blocksFree(blocks, 4)); // keeps blocks 0, 4 and 8
        AllocStats kept = memory.allocStats().minus(before);
        steps.add(kept.liveBytes());
        steps.add(kept.liveBlocks());
        steps.add(retention.blocksFree(blocks, 4)); // the same three, still kept
        retention.blocksRelease(blocks);
        AllocStats released = memory.allocStats().minus(before);
        steps.add(released.liveBytes());
        steps.add(released.liveBlocks());
        return steps;
    }

    @Test
    void bothBindingsMoveTheTrackedAllocatorIdentically() {
        List<Long> expected = List.of(
                BOOKKEEPING_BYTES + COUNT * BLOCK_BYTES, COUNT + 2,
                3L,
                BOOKKEEPING_BYTES + 3 * BLOCK_BYTES, 3L + 2,
                3L,
                0L, 0L);
        assertEquals(expected, sequence(Binding.FFM));
        assertEquals(expected, sequence(Binding.JNR));
    }

    @Test
    void keepingNoneFreesEveryBlock() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            NativeMemory memory = binding.memory();
            RetentionNative retention = RetentionNative.of(binding);
            AllocStats before = memory.allocStats();
            long blocks = retention.blocksAlloc(COUNT, BLOCK_BYTES);
            for (long keepEvery : List.of(0L, 1L)) {
                assertEquals(0, retention.blocksFree(blocks, keepEvery), binding.id() + " keep every " + keepEvery);
            }
            assertEquals(BOOKKEEPING_BYTES, memory.allocStats().minus(before).liveBytes(), binding.id());
            retention.blocksRelease(blocks);
            assertEquals(before.liveBytes(), memory.allocStats().liveBytes(), binding.id());
        }
    }

    @Test
    void impossibleBlocksAreNullNotACrash() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            RetentionNative retention = RetentionNative.of(binding);
            assertEquals(0, retention.blocksAlloc(0, 64), binding.id());
            assertEquals(0, retention.blocksAlloc(16, -1), binding.id());
            retention.blocksRelease(0); // NULL: nothing to do
        }
    }

    @Test
    void blocksFromOneDoorAreReleasedThroughTheOther() {
        NativeMemory memory = Binding.FFM.memory();
        AllocStats before = memory.allocStats();
        long blocks = RetentionNative.of(Binding.FFM).blocksAlloc(COUNT, BLOCK_BYTES);
        assertEquals(BOOKKEEPING_BYTES + COUNT * BLOCK_BYTES, Binding.JNR.memory().allocStats().minus(before).liveBytes());
        RetentionNative.of(Binding.JNR).blocksRelease(blocks);
        assertEquals(before.liveBytes(), memory.allocStats().liveBytes());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void bothBindingsSeeTheSameAllocatorAndItsTrim() {
        RetentionNative ffm = RetentionNative.of(Binding.FFM);
        RetentionNative jnr = RetentionNative.of(Binding.JNR);
        long heldFfm = ffm.allocatorHeldBytes();
        long heldJnr = jnr.allocatorHeldBytes();
        if (heldFfm == ProcessStats.UNSUPPORTED || heldJnr == ProcessStats.UNSUPPORTED) {
            assertEquals(heldFfm, heldJnr, "a glibc before 2.33 has no mallinfo2, through either door");
        } else {
            assertTrue(heldFfm > 0 && heldJnr > 0, heldFfm + " / " + heldJnr);
            // read a moment apart: the same process's allocator, within a few MiB
            assertTrue(Math.abs(heldFfm - heldJnr) < 8 << 20, heldFfm + " vs " + heldJnr);
        }
        for (NativeMemory memory : List.of(Binding.FFM.memory(), Binding.JNR.memory())) {
            int trimmed = memory.allocatorTrim(); // glibc's malloc_trim: 1 released memory, 0 none
            assertTrue(trimmed == 0 || trimmed == 1, "malloc_trim gave " + trimmed);
        }
    }
}
