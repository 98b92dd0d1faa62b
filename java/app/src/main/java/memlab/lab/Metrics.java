package memlab.lab;

/**
 * The metrics several labs, or the harness itself, report under one name. A metric only one lab
 * measures is a constant in that lab.
 */
public final class Metrics {

    /** Resident set size at a point of a series. */
    public static final Metric RSS = Metric.bytes("rss_bytes");
    /** Resident set size at the end minus at the start. */
    public static final Metric RSS_DELTA = Metric.bytes("rss_delta_bytes");
    /** The heap's used bytes (after a full GC where the lab says so). */
    public static final Metric HEAP_USED = Metric.bytes("heap_used_bytes");
    /** Bytes live in memlab's tracked native allocator. */
    public static final Metric TRACKED_LIVE = Metric.bytes("tracked_live_bytes");
    /** Bytes in use in the process's C allocator: every malloc, the JVM's own included. */
    public static final Metric ALLOCATOR_IN_USE = Metric.bytes("allocator_in_use_bytes");
    /** Bytes the C allocator holds from the OS, in use or free. */
    public static final Metric ALLOCATOR_HELD = Metric.bytes("allocator_held_bytes");
    /** What a variant holds while its data is alive. */
    public static final Metric HELD = Metric.bytes("held_bytes");
    /** The most a variant held at once. */
    public static final Metric PEAK = Metric.bytes("peak_bytes");
    /** JOL's deep size: every object reachable from a root. */
    public static final Metric DEEP_SIZE = Metric.bytes("deep_size_bytes");
    /** Wall-clock time of the measured work. */
    public static final Metric ELAPSED = Metric.nanos("elapsed_ns");

    /** A child JVM's exit status, on a row whose child did not finish. */
    public static final Metric EXIT_CODE = Metric.number("exit_code");
    /** The signal (POSIX) or exception code (Windows) that killed a child. */
    public static final Metric SIGNAL_NUMBER = Metric.number("signal_number");

    private Metrics() {
    }
}
