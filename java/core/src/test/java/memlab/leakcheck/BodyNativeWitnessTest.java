package memlab.leakcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.nativelib.FfmNative;

/**
 * The exact native witness against leaks below the process allocator's 2 MiB limit: a Deflater
 * kept without end() (zlib's state, allocated by the JDK's libzip on the body's thread), and its
 * fixes, one of which the Cleaner thread frees. And what it cannot see, said as a test.
 */
@EnabledOnOs(OS.LINUX) // async-profiler's nativemem is checked on Linux
class BodyNativeWitnessTest {

    private static final byte[] INPUT = "a hundred bytes of text to deflate, again and again, until there are 100"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);


    private final List<Deflater> kept = new ArrayList<>();
    private final List<Long> keptMemlab = new ArrayList<>();
    private final List<MemorySegment> keptLibc = new ArrayList<>();

    @AfterEach
    void release() throws Throwable {
        kept.forEach(Deflater::end);
        keptMemlab.forEach(FfmNative.get()::free);
        for (MemorySegment block : keptLibc) {
            Libc.free(block);
        }
    }

    private static Deflater deflate() {
        Deflater deflater = new Deflater();
        deflater.setInput(INPUT);
        deflater.finish();
        deflater.deflate(new byte[256]);
        return deflater;
    }

    @Test
    void aDeflaterKeptWithoutEndFailsTheCheckByTheBodysThreadAlone() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> LeakCheck.assertNoLeak(20, () -> kept.add(deflate())));
        String message = error.getMessage();
        assertTrue(message.contains(LeakCheck.BODY_NATIVE + " LEAKS"), message);
        // and where: what the body's thread still held after the last run, by stack, 20 Deflaters' worth
        assertTrue(message.contains("still allocated by the body's thread after the last run, by stack:"), message);
        assertTrue(message.contains(" in 100 blocks: deflateInit2_ <- Java_java_util_zip_Deflater_init <- "
                + "java.util.zip.Deflater.init"), message);
        // zlib's state: 5,952 B and four 64 KiB windows and tables, about 262 KiB a Deflater
        LeakReport report = LeakCheck.iterations(10).measure(() -> kept.add(deflate()));
        double slope = report.witness(LeakCheck.BODY_NATIVE).fit().slope();
        assertTrue(slope > 256 << 10 && slope < 272 << 10, "a kept Deflater: " + slope + " B a run");
        assertFalse(report.witness(LeakCheck.ALLOCATOR).leaks(), "below the process allocator's 2 MiB: " + report.describe());
    }

    @Test
    void aDeflaterEndedOrLeftToTheCleanerPasses() {
        LeakReport ended = LeakCheck.assertNoLeak(20, () -> deflate().end());
        assertTrue(Math.abs(ended.witness(LeakCheck.BODY_NATIVE).fit().slope()) < 64, ended.describe());
        // dropped without end(): the Cleaner thread frees zlib's memory after a collection, and a free
        // from any thread matches the body's allocation by its address
        LeakReport dropped = LeakCheck.assertNoLeak(20, () -> deflate());
        assertFalse(dropped.leaks(), dropped.describe());
    }

    @Test
    void theBodysThreadCountsEveryByteMallocKeeps() {
        // memlab's tracked malloc calls libc's: 1,000 B asked, plus memlab's own header, a run
        LeakReport report = LeakCheck.iterations(10).measure(() -> keptMemlab.add(FfmNative.get().malloc(1000)));
        double perRun = report.witness(LeakCheck.BODY_NATIVE).fit().slope();
        double tracked = report.witness(LeakCheck.TRACKED).fit().slope();
        assertEquals(1000, tracked, 1e-6);
        assertTrue(perRun >= 1000 && perRun <= 1000 + 64, "body thread " + perRun + " B a run");
    }

    /**
     * A downcall straight to libc's malloc calls no code async-profiler patched: the exact witness
     * cannot see it. The process allocator less every hooked malloc does, to the chunk: 100,000 B
     * asked, 100,016 B of chunk (glibc's 8 B header, 16 B aligned).
     */
    @Test
    void aDirectLibcMallocIsSeenByWhatNoHookSaw() throws Throwable {
        AssertionError error = assertThrows(AssertionError.class, () -> LeakCheck.assertNoLeak(20, () ->
                keptLibc.add(Libc.malloc(100_000L))));
        assertTrue(error.getMessage().contains(LeakCheck.UNHOOKED + " LEAKS"), error.getMessage());
        LeakReport report = LeakCheck.iterations(20).measure(() -> keptLibc.add(Libc.malloc(1_000L)));
        assertTrue(Math.abs(report.witness(LeakCheck.BODY_NATIVE).fit().slope()) < 64, report.describe());
        assertEquals(BodyNativeRecording.chunkBytes(1_000, 16, 4096), report.witness(LeakCheck.UNHOOKED).fit().slope(), 16,
                report.describe());
        // freed, nothing grows
        LeakReport freed = LeakCheck.assertNoLeak(20, () -> Libc.free(Libc.malloc(100_000L)));
        assertFalse(freed.leaks(), freed.describe());
    }

    @Test
    void glibcCountsAChunkWithItsHeaderAndAMappedBlockInPages() {
        assertEquals(32, BodyNativeRecording.chunkBytes(1, 0x1010, 4096));
        assertEquals(1_008, BodyNativeRecording.chunkBytes(1_000, 0x1010, 4096));
        assertEquals(100_016, BodyNativeRecording.chunkBytes(100_000, 0x7f00_0000_1020L, 4096));
        assertEquals(102_400, BodyNativeRecording.chunkBytes(100_000, 0x7f00_0000_1010L, 4096)); // mmap'd: 25 pages
    }

    /**
     * A pool that keeps its first 15 Deflaters of the measured runs, then stops (after 10 warm-up
     * runs): within a budget for its stack, it passes; one that keeps filling goes past the budget
     * and fails.
     */
    @Test
    void aStackWithinItsBudgetPassesAndOnePastItFails() {
        long fifteenDeflaters = 15 * 268_224L;
        int[] runs = {0};
        LeakCheck.Body fillsFifteen = () -> {
            if (++runs[0] <= LeakCheck.DEFAULT_WARM_UP + 15) {
                kept.add(deflate());
            }
        };
        LeakReport budgeted = LeakCheck.iterations(30).heapBytesPerIteration(1024)
                .nativeStackBudget("Deflater\\.init", fifteenDeflaters + 4096).measure(fillsFifteen);
        assertFalse(budgeted.witness(LeakCheck.BODY_NATIVE).leaks(), budgeted.describe());
        runs[0] = 0;
        LeakReport unbudgeted = LeakCheck.iterations(30).heapBytesPerIteration(1024).measure(fillsFifteen);
        assertTrue(unbudgeted.witness(LeakCheck.BODY_NATIVE).leaks(), unbudgeted.describe());
        LeakReport pastIt = LeakCheck.iterations(30).heapBytesPerIteration(1024)
                .nativeStackBudget("Deflater\\.init", fifteenDeflaters).measure(() -> kept.add(deflate()));
        assertTrue(pastIt.witness(LeakCheck.BODY_NATIVE).leaks(), pastIt.describe());
        assertThrows(IllegalArgumentException.class, () -> LeakCheck.iterations(5).nativeStackBudget("x", -1));
    }

    @Test
    void turnedOffTheReportSaysWhoJudged() {
        LeakReport report = LeakCheck.iterations(5).exactNativeWitness(false).measure(() -> { });
        assertTrue(report.witnesses().stream().noneMatch(w -> w.name().equals(LeakCheck.BODY_NATIVE)));
        assertTrue(report.describe().contains("judged by the process allocator alone"), report.describe());
    }
}
