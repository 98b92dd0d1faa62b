package memlab.measure;

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
}
