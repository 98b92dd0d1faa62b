package memlab.nativelib;

/**
 * What each OS gives memlab to measure with, and where from: the one statement of it. The docs'
 * support table (docs/platforms.md) is rendered from these constants and tested against them, and
 * OsSupportTest checks the running OS's column against what the probes really return. A figure an
 * OS cannot give is left out of a row with {@link #unsupportedHere()} as its reason, never shown
 * as a measured 0 or -1.
 */
public enum OsSupport {

    RESIDENT("resident set size (RSS)", "05, 06, 10, 12, 14",
            Source.of("/proc/self/statm"),
            Source.of("task_info: resident_size (counts reusable freed pages too)"),
            Source.of("GetProcessMemoryInfo: working set")),
    VIRTUAL("virtual size", "06",
            Source.of("/proc/self/statm"),
            Source.of("task_info: virtual_size"),
            Source.of("GlobalMemoryStatusEx: total minus available virtual")),
    MINOR_FAULTS("page faults (minor)", "06",
            Source.of("getrusage: ru_minflt"),
            Source.of("getrusage: ru_minflt"),
            Source.of("GetProcessMemoryInfo: PageFaultCount (every fault: Windows does not split soft from hard)")),
    MAJOR_FAULTS("page faults (major)", "—",
            Source.of("getrusage: ru_majflt"),
            Source.of("getrusage: ru_majflt"),
            Source.none("Windows counts every page fault in one figure")),
    ALLOCATOR_IN_USE("C allocator: bytes in use", "01, 05, 08, 09, 10, 12, 14",
            Source.of("mallinfo2 (glibc 2.33+)"),
            Source.none("musl's malloc publishes no in-use figure (no mallinfo2)"),
            Source.of("malloc_zone_statistics, every zone"),
            Source.of("HeapSummary of the process heap, where the UCRT's malloc allocates (Windows 10+)")),
    ALLOCATOR_HELD("C allocator: bytes held from the OS", "12",
            Source.of("mallinfo2: arena + mmap'd chunks"),
            Source.none("musl's malloc publishes no held-from-the-OS figure (no mallinfo2)"),
            Source.none("its zone allocator publishes no held-from-the-OS figure"),
            Source.none("the process heap publishes no held-from-the-OS figure")),
    ALLOCATOR_TRIM("C allocator: give freed memory back", "12, 14",
            Source.of("malloc_trim(0)"),
            Source.none("no malloc_trim in musl"),
            Source.none("no malloc_trim in its C library"),
            Source.none("no malloc_trim in its C library")),
    PEAK_RESIDENT("peak resident size since a reset", "11",
            Source.of("VmHWM in /proc/self/status, reset through /proc/self/clear_refs"),
            Source.none("no resettable peak resident size"),
            Source.none("no resettable peak resident size")),
    MEMORY_MAP("memory map (which region an address is in)", "03",
            Source.of("/proc/self/maps"),
            Source.none("no /proc/self/maps to check addresses against"),
            Source.none("no /proc/self/maps to check addresses against")),
    NATIVE_MEMORY_TRACKING("JVM Native Memory Tracking", "08, 14",
            Source.of("jcmd VM.native_memory, in the JVM"),
            Source.of("jcmd VM.native_memory, in the JVM"),
            Source.of("jcmd VM.native_memory, in the JVM"));

    /** Where a figure comes from on one OS, or why it has none. */
    public record Source(boolean available, String text) {
        static Source of(String where) {
            return new Source(true, where);
        }

        static Source none(String reason) {
            return new Source(false, reason);
        }
    }

    private final String what;
    private final String labs;
    private final Source linux;
    private final Source musl;
    private final Source macos;
    private final Source windows;

    /** A figure Linux gives alike on glibc and musl: the kernel's. */
    OsSupport(String what, String labs, Source linux, Source macos, Source windows) {
        this(what, labs, linux, linux, macos, windows);
    }

    OsSupport(String what, String labs, Source linux, Source musl, Source macos, Source windows) {
        this.what = what;
        this.labs = labs;
        this.linux = linux;
        this.musl = musl;
        this.macos = macos;
        this.windows = windows;
    }

    /** The source on an OS as {@link Platform} names it: "linux", "linux-musl", "macos" or "windows". */
    public Source on(String os) {
        return switch (os) {
            case "linux" -> linux;
            case Platform.LINUX_MUSL -> musl;
            case "macos" -> macos;
            case "windows" -> windows;
            default -> Source.none("memlab ships no library for " + os);
        };
    }

    public boolean availableHere() {
        return on(Platform.current().os()).available();
    }

    /** "unsupported on Mac OS X: no malloc_trim in its C library": a row's label where the figure is left out. */
    public String unsupportedHere() {
        return "unsupported on " + System.getProperty("os.name") + ": " + on(Platform.current().os()).text();
    }

    /** The docs' table: one row a figure, one column an OS. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder(
                "| figure | labs | Linux (glibc) | Linux (musl) | macOS | Windows |\n|---|---|---|---|---|---|\n");
        for (OsSupport feature : values()) {
            table.append("| ").append(feature.what).append(" | ").append(feature.labs);
            for (Source source : new Source[] {feature.linux, feature.musl, feature.macos, feature.windows}) {
                table.append(" | ").append(source.available() ? source.text() : "unsupported: " + source.text());
            }
            table.append(" |\n");
        }
        return table.toString();
    }
}
