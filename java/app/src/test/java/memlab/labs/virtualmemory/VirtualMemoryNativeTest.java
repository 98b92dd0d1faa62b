package memlab.labs.virtualmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

/** Lab 06's binding pair: FFM and JNR reserve, commit, read and release the same way in one library. */
class VirtualMemoryNativeTest {

    private static final long BYTES = 4L << 20;
    private static final long READS = 10_000;

    /**
     * What memlab_vm_random_reads returns after memlab_touch_pages: the first byte of a pseudo-random
     * page (xorshift64, fixed seed) per read, and touch_pages wrote page i's first byte as (byte) i.
     */
    private static long expectedSum(long pages, long reads) {
        long state = 0x9E3779B97F4A7C15L;
        long sum = 0;
        for (long i = 0; i < reads; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            sum += Long.remainderUnsigned(state, pages) & 0xFF;
        }
        return sum;
    }

    @Test
    void bothBindingsReserveCommitTouchReadAndReleaseAlike() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            NativeMemory memory = binding.memory();
            VirtualMemoryNative vm = VirtualMemoryNative.of(binding);
            AllocStats before = memory.allocStats();
            long block = vm.vmReserve(BYTES);
            assertNotEquals(0, block, binding.id());
            assertEquals(0, vm.vmCommit(block, BYTES), binding.id());
            assertEquals(0, vm.vmRandomReads(block, BYTES, READS), binding.id() + ": untouched pages read as zeros");
            memory.touchPages(block, BYTES);
            long pages = BYTES / memory.pageSize();
            assertEquals(expectedSum(pages, READS), vm.vmRandomReads(block, BYTES, READS), binding.id());
            assertEquals(0, vm.vmRelease(block, BYTES), binding.id());
            // address space is not the tracked allocator's: nothing moved there
            AllocStats moved = memory.allocStats().minus(before);
            assertEquals(0, moved.liveBytes(), binding.id());
            assertEquals(0, moved.totalAllocations(), binding.id());
        }
    }

    @Test
    void aBlockReservedThroughOneBindingIsTheSameBlockThroughTheOther() {
        VirtualMemoryNative ffm = VirtualMemoryNative.of(Binding.FFM);
        VirtualMemoryNative jnr = VirtualMemoryNative.of(Binding.JNR);
        long block = ffm.vmReserve(BYTES);
        assertNotEquals(0, block);
        assertEquals(0, jnr.vmCommit(block, BYTES));
        Binding.JNR.memory().touchPages(block, BYTES);
        assertEquals(ffm.vmRandomReads(block, BYTES, READS), jnr.vmRandomReads(block, BYTES, READS));
        assertEquals(0, jnr.vmRelease(block, BYTES));
    }

    @Test
    void anImpossibleReservationIsNullNotACrash() {
        for (Binding binding : List.of(Binding.FFM, Binding.JNR)) {
            assertEquals(0, VirtualMemoryNative.of(binding).vmReserve(-1), binding.id()); // SIZE_MAX
        }
    }
}
