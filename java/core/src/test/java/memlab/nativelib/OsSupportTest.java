package memlab.nativelib;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.FunctionDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import memlab.measure.NmtProbe;
import memlab.measure.ProcessMaps;
import memlab.measure.ProcessProbe;

/**
 * The support table is true: docs/platforms.md shows the one in {@link OsSupport}, and on the OS
 * running this test every figure the table calls available is measured and every one it calls
 * unsupported is reported so (-1 or absent) by the probe itself. CI runs this on Linux here and on
 * macOS and Windows in the workflow, so each column is checked on its own OS.
 */
class OsSupportTest {

    @Test
    void theDocsShowTheTableTheCodeHas() throws Exception {
        String page = Files.readString(Path.of("docs", "platforms.md"));
        assertTrue(page.contains(OsSupport.markdownTable()),
                "docs/platforms.md's support table differs from OsSupport; paste this in:\n" + OsSupport.markdownTable());
    }

    @Test
    void thisOsMeasuresWhatTheTableSaysAndNothingElse() throws Throwable {
        ProcessStats stats = ProcessProbe.now();
        for (OsSupport feature : OsSupport.values()) {
            boolean measured = switch (feature) {
                case RESIDENT -> stats.residentBytes() > 0;
                case VIRTUAL -> stats.virtualBytes() > 0;
                case MINOR_FAULTS -> stats.minorFaults() >= 0;
                case MAJOR_FAULTS -> stats.majorFaults() >= 0;
                case ALLOCATOR_IN_USE -> stats.allocatorInUseBytes() > 0;
                case ALLOCATOR_HELD -> (long) Ffm.bind("memlab_allocator_held_bytes", FunctionDescriptor.of(JAVA_LONG))
                        .invokeExact() > 0;
                case ALLOCATOR_TRIM -> FfmNative.get().allocatorTrim() != ProcessStats.UNSUPPORTED;
                case PEAK_RESIDENT -> ProcessProbe.resetPeakResident() > 0 && ProcessProbe.peakResidentBytes() > 0;
                case MEMORY_MAP -> ProcessMaps.read().isPresent();
                // this JVM runs without NMT; the diagnostic command that reads it is there on every OS
                case NATIVE_MEMORY_TRACKING -> !NmtProbe.summary().isBlank();
            };
            assertEquals(feature.availableHere(), measured, feature + " on " + System.getProperty("os.name")
                    + ": the table says " + feature.on(Platform.current().os()));
        }
    }

    @Test
    void anUnsupportedFigureSaysWhereAndWhy() {
        for (OsSupport feature : OsSupport.values()) {
            if (!feature.availableHere()) {
                String label = feature.unsupportedHere();
                assertTrue(label.startsWith("unsupported on " + System.getProperty("os.name") + ": "), label);
                assertFalse(label.endsWith(": "), label);
            }
        }
        assertEquals(false, OsSupport.ALLOCATOR_TRIM.on("macos").available());
        assertEquals("no malloc_trim in its C library", OsSupport.ALLOCATOR_TRIM.on("windows").text());
    }
}
