package memlab.nativelib;

/**
 * A snapshot of the process (struct memlab_process_stats). A field is {@link #UNSUPPORTED}
 * where this OS has no source for it.
 */
public record ProcessStats(long residentBytes, long virtualBytes, long minorFaults, long majorFaults,
                           long allocatorInUseBytes) {

    public static final long UNSUPPORTED = -1;

    static ProcessStats of(long[] fields) {
        return new ProcessStats(fields[0], fields[1], fields[2], fields[3], fields[4]);
    }
}
