package memlab.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import memlab.nativelib.FfmNative;
import memlab.nativelib.ProcessStats;

/** The process as the OS sees it: resident and virtual size, page faults (read by the C library). */
public final class ProcessProbe {

    private ProcessProbe() {
    }

    public static ProcessStats now() {
        return FfmNative.get().processStats();
    }

    public static long residentBytes() {
        return now().residentBytes();
    }

    /**
     * Starts a new peak: on Linux, writing 5 to /proc/self/clear_refs sets VmHWM to the current
     * resident size. Returns that size, or {@link ProcessStats#UNSUPPORTED} where there is no such reset.
     */
    public static long resetPeakResident() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            return ProcessStats.UNSUPPORTED;
        }
        return residentBytes();
    }

    /**
     * The most this process has ever had resident (Linux: VmHWM in /proc/self/status, kept by the
     * kernel, so no peak between two samples is missed); {@link ProcessStats#UNSUPPORTED} elsewhere.
     */
    public static long peakResidentBytes() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return ProcessStats.UNSUPPORTED;
        }
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024) // "VmHWM:  123 kB"
                    .findFirst().orElse(ProcessStats.UNSUPPORTED);
        } catch (IOException e) {
            return ProcessStats.UNSUPPORTED;
        }
    }
}
