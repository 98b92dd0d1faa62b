package memlab.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * FFM and JNR are two doors into one library: the shared calls must move the counters identically.
 * Each lab's own binding pair has its agreement test beside the lab ({@code memlab.labs.leak.LeakNativeTest}).
 */
class BindingsAgreeTest {

    /** malloc, calloc, realloc, then free all but one 4096-byte block. */
    private static AllocStats sequence(NativeMemory lib) {
        AllocStats before = lib.allocStats();
        long a = lib.malloc(1000);
        long b = lib.calloc(10, 8);
        a = lib.realloc(a, 5000);
        long c = lib.malloc(4096);
        long d = lib.malloc(4096);
        lib.free(a);
        lib.free(b);
        lib.free(c);
        AllocStats after = lib.allocStats().minus(before);
        lib.free(d);
        return after;
    }

    @Test
    void sameCallsGiveIdenticalCounterDeltas() {
        AllocStats ffm = sequence(FfmNative.get());
        AllocStats jnr = sequence(JnrNative.get());
        AllocStats expected = new AllocStats(4096, 1, 0, 1000 + 80 + 5000 + 4096 + 4096, 5, 4);
        for (AllocStats measured : List.of(ffm, jnr)) {
            assertEquals(expected.liveBytes(), measured.liveBytes());
            assertEquals(expected.liveBlocks(), measured.liveBlocks());
            assertEquals(expected.totalAllocatedBytes(), measured.totalAllocatedBytes());
            assertEquals(expected.totalAllocations(), measured.totalAllocations());
            assertEquals(expected.totalFrees(), measured.totalFrees());
        }
    }

    @Test
    void bothBindingsShareOneLibrary() {
        long block = FfmNative.get().malloc(123);
        AllocStats held = JnrNative.get().allocStats();
        JnrNative.get().free(block); // freed through the other door
        assertEquals(held.liveBytes() - 123, FfmNative.get().allocStats().liveBytes());
        assertEquals(FfmNative.get().version(), JnrNative.get().version());
        assertEquals(FfmNative.get().pageSize(), JnrNative.get().pageSize());
    }

    @Test
    void processStatsAgreeAcrossBindings() {
        ProcessStats ffm = FfmNative.get().processStats();
        ProcessStats jnr = JnrNative.get().processStats();
        assertTrue(ffm.residentBytes() > 0 && jnr.residentBytes() > 0);
        // read a few microseconds apart: the same process, within a few MiB
        assertTrue(Math.abs(ffm.residentBytes() - jnr.residentBytes()) < 8 << 20, ffm + " vs " + jnr);
        assertTrue(jnr.minorFaults() >= ffm.minorFaults());
    }

    @Test
    void copiesLandTheSameBytesThroughBothBindings() {
        byte[] bytes = {1, 2, 3, 4, 5};
        for (NativeMemory lib : List.of(FfmNative.get(), JnrNative.get())) {
            long copy = lib.malloc(bytes.length);
            lib.copyFrom(bytes, copy);
            byte[] back = new byte[bytes.length];
            java.lang.foreign.MemorySegment.ofAddress(copy).reinterpret(bytes.length).asByteBuffer().get(back);
            assertEquals(java.util.Arrays.toString(bytes), java.util.Arrays.toString(back), lib.binding());
            lib.free(copy);
        }
    }

    @Test
    void resetPeakStartsANewWindowThroughEitherBinding() {
        for (NativeMemory lib : List.of(FfmNative.get(), JnrNative.get())) {
            lib.free(lib.malloc(1 << 20));
            assertTrue(lib.allocStats().peakLiveBytes() >= lib.allocStats().liveBytes() + (1 << 20));
            lib.resetPeak();
            AllocStats reset = lib.allocStats();
            assertEquals(reset.liveBytes(), reset.peakLiveBytes(), lib.binding());
        }
    }

    @Test
    void oversizedMallocReturnsNullNotACrash() {
        assertEquals(0, FfmNative.get().malloc(-1)); // SIZE_MAX
        assertEquals(0, JnrNative.get().malloc(-1));
        assertNotEquals(0, FfmNative.get().pageSize());
    }
}
