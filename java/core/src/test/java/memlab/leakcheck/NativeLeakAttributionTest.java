package memlab.leakcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import memlab.nativelib.FfmNative;

/**
 * A native leak's failure names where the memory was allocated: the C function, the FFM downcall
 * and the Java method that made it, with the bytes async-profiler saw, which must agree with
 * what memlab's own allocator counted.
 */
class NativeLeakAttributionTest {

    private static final int RUNS = 10;
    private static final int BLOCK = 64 << 10;
    /** "655,520 B in 10 blocks (65,552 B a run): memlab_malloc <- ...". */
    private static final Pattern SITE = Pattern.compile("([0-9,]+) B in ([0-9,]+) blocks \\([0-9,]+ B a run\\): (.*)");

    private final List<Long> kept = new ArrayList<>();

    @AfterEach
    void freeWhatTheLeakKept() {
        kept.forEach(FfmNative.get()::free);
    }

    private void leakThroughMemlab() {
        kept.add(FfmNative.get().malloc(BLOCK));
    }

    @Test
    @EnabledOnOs(OS.LINUX) // async-profiler's jar has a macOS library too, but nativemem there is unchecked
    void aNativeLeakNamesTheCFunctionTheDowncallAndItsJavaCaller(@TempDir Path reports) throws IOException {
        String message = failureWithAttribution(reports, this::leakThroughMemlab);
        assertTrue(message.contains(LeakCheck.TRACKED + " LEAKS"), message);

        String site = message.lines().filter(line -> line.contains("memlab_malloc")).findFirst().orElseThrow(
                () -> new AssertionError("no site names memlab_malloc:\n" + message)).strip();
        Matcher matcher = SITE.matcher(site);
        assertTrue(matcher.matches(), site);
        assertTrue(matcher.group(3).startsWith("memlab_malloc <- (FFM downcall) <- memlab.nativelib.FfmNative.malloc <- "
                + NativeLeakAttributionTest.class.getName() + ".leakThroughMemlab"), site);
        // async-profiler counts what malloc was asked for: the block memlab counted, and memlab's size
        // header in front of it (alignof(max_align_t): 16 B on x86-64 and Linux arm64, 8 B on macOS arm64)
        assertEquals(RUNS, Long.parseLong(matcher.group(2).replace(",", "")), site);
        long bytes = Long.parseLong(matcher.group(1).replace(",", ""));
        assertEquals(0, bytes % RUNS, site);
        long header = bytes / RUNS - BLOCK;
        assertTrue(header == 16 || header == 8, site);

        Path flameGraph = reports.resolve("keeps_64_KiB_a_run.html");
        assertTrue(message.contains(flameGraph.toAbsolutePath().toString()), message);
        // async-profiler's page compresses frame names, so look for its title and its canvas
        String page = Files.readString(flameGraph);
        assertTrue(page.contains("Native memory not freed: keeps 64 KiB a run") && page.contains("<canvas"), flameGraph.toString());
        assertTrue(Files.size(reports.resolve("keeps_64_KiB_a_run.jfr")) > 0);
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void withoutAsyncProfilerTheFailureSaysWhyAndStillFails(@TempDir Path reports) {
        String message = failureWithAttribution(reports, this::leakThroughMemlab);
        assertTrue(message.contains(LeakCheck.TRACKED + " LEAKS"), message);
        assertTrue(message.contains("no attribution: async-profiler cannot load on Windows"), message);
    }

    @Test
    void aHeapLeakIsNotProfiled(@TempDir Path reports) {
        List<byte[]> heap = new ArrayList<>();
        String message = failureWithAttribution(reports, () -> heap.add(new byte[4096]));
        assertTrue(message.contains(LeakCheck.HEAP + " LEAKS"), message);
        assertFalse(message.contains("async-profiler"), message);
    }

    private static String failureWithAttribution(Path reports, LeakCheck.Body body) {
        String previous = System.setProperty(LeakCheck.REPORTS_PROPERTY, reports.toString());
        try {
            return assertThrows(AssertionError.class, () -> LeakCheck.iterations(RUNS).warmUp(2)
                    .named("keeps 64 KiB a run").attributeNativeLeaks().assertNoLeak(body)).getMessage();
        } finally {
            if (previous == null) {
                System.clearProperty(LeakCheck.REPORTS_PROPERTY);
            } else {
                System.setProperty(LeakCheck.REPORTS_PROPERTY, previous);
            }
        }
    }

    @Test
    void aParameterizedTestsLongNameMakesAFileNameAnyFileSystemTakes() {
        String arguments = "x".repeat(500);
        String one = NativeLeakAttribution.fileName("example.ImageTest.decodes [1] " + arguments + "a");
        String two = NativeLeakAttribution.fileName("example.ImageTest.decodes [1] " + arguments + "b");
        assertTrue(one.length() <= NativeLeakAttribution.LONGEST_FILE_NAME + 9, one);
        assertTrue(one.matches("[A-Za-z0-9._-]+"), one);
        assertFalse(one.equals(two), "names that differ past the cut keep their own files");
        assertEquals("example.ImageTest.decodes_1_0", NativeLeakAttribution.fileName("example.ImageTest.decodes [1] 0"));
    }
}
