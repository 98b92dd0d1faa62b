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
     * cannot see it. The process allocator does, at its own limit (2 MiB a run by default: the JIT's
     * mallocs move it by hundreds of KiB a run, so a 100,000 B leak is not told apart from them).
     */
    @Test
    void aDirectLibcMallocIsBeyondItsSight() {
        LeakReport report = LeakCheck.iterations(10).measure(() ->
                keptLibc.add(Libc.malloc(100_000L)));
        assertTrue(Math.abs(report.witness(LeakCheck.BODY_NATIVE).fit().slope()) < 64, report.describe());
    }

    @Test
    void turnedOffTheReportSaysWhoJudged() {
        LeakReport report = LeakCheck.iterations(5).exactNativeWitness(false).measure(() -> { });
        assertTrue(report.witnesses().stream().noneMatch(w -> w.name().equals(LeakCheck.BODY_NATIVE)));
        assertTrue(report.describe().contains("judged by the process allocator alone"), report.describe());
    }
}
