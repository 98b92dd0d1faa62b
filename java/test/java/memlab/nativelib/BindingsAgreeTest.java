package memlab.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** FFM and JNR are two doors into one library: the same calls must move the counters identically. */
class BindingsAgreeTest {

    /** malloc, calloc, realloc, a leak chunk, then free all but one 4096-byte block. */
    private static AllocStats sequence(NativeMemory lib) {
        AllocStats before = lib.allocStats();
        long a = lib.malloc(1000);
        long b = lib.calloc(10, 8);
        a = lib.realloc(a, 5000);
        long c = lib.leakChunk(4096, true);
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
    void checksumReadsTheSameBytesThroughBothBindings() {
        long block = FfmNative.get().leakChunk(10_000, true); // every byte 0xA5
        try {
            assertEquals(10_000L * 0xA5, FfmNative.get().arenaChecksum(block, 10_000));
            assertEquals(10_000L * 0xA5, JnrNative.get().arenaChecksum(block, 10_000));
        } finally {
            FfmNative.get().free(block);
        }
    }

    @Test
    void rangesAndRingsBehaveTheSameThroughBothBindings() {
        for (NativeMemory lib : List.of(FfmNative.get(), JnrNative.get())) {
            AllocStats before = lib.allocStats();
            NativeBuffer buffer = lib.rangeMaterialize(3, 100, 7); // 3, 10, ..., 94
            assertEquals(14, buffer.count(), lib.binding());
            assertEquals(14 * 4, lib.allocStats().minus(before).liveBytes());
            assertEquals(679, lib.rangeSumBuffer(buffer.address(), buffer.count()));
            lib.free(buffer.address());

            long range = lib.rangeNew(3, 100, 7);
            long sum = 0;
            for (long v; (v = lib.rangeNext(range)) != NativeMemory.RANGE_END; ) {
                sum += v;
            }
            assertEquals(679, sum, lib.binding());
            lib.free(range);

            long ring = lib.rcRing(1000, 8, NativeMemory.RING_STRONG);
            assertEquals(2, lib.rcCount(ring));
            lib.rcUnlink(ring);
            assertEquals(1, lib.rcCount(ring));
            lib.rcRelease(ring);
            assertEquals(before.liveBlocks(), lib.allocStats().liveBlocks(), lib.binding());

            byte[] bytes = {1, 2, 3, 4, 5};
            long copy = lib.malloc(bytes.length);
            lib.copyFrom(bytes, copy);
            assertEquals(15, lib.arenaChecksum(copy, bytes.length), lib.binding());
            lib.free(copy);
            assertEquals(before.liveBytes(), lib.allocStats().liveBytes());
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
