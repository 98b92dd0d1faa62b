package memlab.leakcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import memlab.nativelib.FfmNative;


class LeakCheckTest {


    private final List<Object> leakedHeap = new ArrayList<>();
    private final List<Long> leakedMemlab = new ArrayList<>();
    private final List<MemorySegment> leakedLibc = new ArrayList<>();

    @AfterEach
    void releaseWhatTheLeaksKept() throws Throwable {
        leakedHeap.clear();
        leakedMemlab.forEach(FfmNative.get()::free);
        for (MemorySegment block : leakedLibc) {
            Libc.free(block);
        }
    }

    /**
     * A cache filled once in the middle of the measured runs (100,000 B in one step) is a one-off,
     * not growth with the runs; the same array kept every fifth run is a leak.
     */
    @Test
    void aOneOffStepOfTheHeapPassesAndTheSameEveryFifthRunLeaks() {
        int[] runs = {0};
        LeakReport once = LeakCheck.iterations(20).measure(() -> {
            if (++runs[0] == LeakCheck.DEFAULT_WARM_UP + 10) {
                leakedHeap.add(new byte[100_000]);
            }
        });
        assertFalse(once.witness(LeakCheck.HEAP).leaks(), once.describe());
        assertTrue(once.describe().contains("judged a one-off"), once.describe());
        runs[0] = 0;
        LeakReport everyFifth = LeakCheck.iterations(20).measure(() -> {
            if (++runs[0] % 5 == 0) {
                leakedHeap.add(new byte[100_000]);
            }
        });
        assertTrue(everyFifth.witness(LeakCheck.HEAP).leaks(), everyFifth.describe());
    }

    @Test
    void failsOnAHeapLeak() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> LeakCheck.assertNoLeak(20, () -> leakedHeap.add(new byte[1024])));
        assertTrue(error.getMessage().contains("heap (after full GC) LEAKS"), error.getMessage());
    }

    @Test
    void failsOnAMemlabNativeLeak() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> LeakCheck.assertNoLeak(20, () -> leakedMemlab.add(FfmNative.get().malloc(1024))));
        assertTrue(error.getMessage().contains("memlab native (tracked) LEAKS"), error.getMessage());
        // the tracked allocator is exact: 1024 bytes per iteration, with no noise
        LeakReport report = LeakCheck.iterations(10).measure(() -> leakedMemlab.add(FfmNative.get().malloc(1024)));
        assertTrue(Math.abs(report.witness(LeakCheck.TRACKED).fit().slope() - 1024) < 1e-6);
    }

    @Test
    void failsOnAMallocLeakInALibraryThatIsNotMemlab() {
        // 8 MiB a run (malloc'd, never written: no RSS), well above the default 2 MiB limit
        AssertionError error = assertThrows(AssertionError.class, () -> LeakCheck.assertNoLeak(30, () -> {
            leakedLibc.add(Libc.malloc(8L << 20)); // libc malloc, never freed
        }));
        assertTrue(error.getMessage().contains("process allocator (malloc in use) LEAKS"), error.getMessage());
        assertFalse(error.getMessage().contains("memlab native (tracked) LEAKS"), "memlab's allocator saw none of it");
    }

    /** Garbage on the heap, memlab malloc and free, libc malloc and free: nothing kept. */
    @RepeatedTest(8)
    void passesACleanBodyEveryTime() {
        LeakReport report = LeakCheck.assertNoLeak(15, () -> {
            byte[] garbage = new byte[4096];
            garbage[0] = 1;
            FfmNative.get().free(FfmNative.get().malloc(1024));
            MemorySegment block = Libc.malloc(64L << 10);
            Libc.free(block);
        });
        assertFalse(report.leaks(), report.describe());
    }

    @Test
    void anExtraWitnessIsReadAfterEveryRunAndJudged() {
        long[] counter = {0};
        LeakReport report = LeakCheck.iterations(10).warmUp(0)
                .witness("a counter", 512, () -> counter[0])
                .witness("a constant", 0, () -> 7)
                .measure(() -> counter[0] += 1024);
        assertEquals(1024, report.witness("a counter").fit().slope(), 1e-9);
        assertTrue(report.witness("a counter").leaks(), "1024 per run is over its limit of 512");
        assertFalse(report.witness("a constant").leaks());
        assertTrue(report.leaks());
    }

    @Test
    void limitsAllowAKnownGrowth() {
        // 1 KiB of native memory and a 16-byte Long in the list each run: both within the limits, as
        // memlab's allocator counts it and as the body's thread's mallocs do (its header included)
        LeakCheck.iterations(15).nativeBytesPerIteration(2048).bodyNativeBytesPerIteration(2048)
                .assertNoLeak(() -> leakedMemlab.add(FfmNative.get().malloc(1024)));
    }
}
