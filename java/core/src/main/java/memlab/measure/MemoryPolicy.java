package memlab.measure;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import memlab.nativelib.Binding;
import memlab.nativelib.Platform;
import memlab.util.Sizes;

/**
 * How this machine treats memory: the kernel's and the C allocator's policies that decide what a
 * memory figure means. Kernels differ, and so do their settings: one maps every never-written page
 * read to a shared zero page, another makes it resident; one serves anonymous memory in 2 MiB huge
 * pages, another in 4 KiB pages; a container may cap the memory a process can charge. A lab whose
 * lesson depends on such a policy prints what it found here, next to what it measured.
 *
 * <p>Where a policy can be watched, it is watched ({@link PageProbe}: a few fresh pages read and
 * written, their faults and resident bytes counted); the settings behind it are read from
 * {@code /sys}, {@code /proc} and the cgroup file system, and the allocator's tunables from the
 * environment, which every child JVM inherits. Read once per process ({@link #current()}), in a few
 * milliseconds. On macOS and Windows only the page size is read: the rest is said to be not read.
 */
public final class MemoryPolicy {

    /** A part of the policy a lesson can depend on; a lab names the ones its figures depend on. */
    public enum Aspect {
        /** The page size, and whether a read of a never-written page makes it resident. */
        ZERO_PAGE,
        /** Transparent huge pages: the setting, and what a fresh mapping got when written. */
        HUGE_PAGES,
        /** vm.overcommit_memory, the commit limit and what is committed. */
        OVERCOMMIT,
        /** Swap space. */
        SWAP,
        /** The cgroup memory limit over this process, and its usage. */
        CGROUP,
        /** The C library's allocator and its tunables in force. */
        MALLOC
    }

    /** The environment variables through which glibc's malloc takes its tunables. */
    static final List<String> MALLOC_VARIABLES = List.of("GLIBC_TUNABLES", "MALLOC_ARENA_MAX", "MALLOC_ARENA_TEST",
            "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_",
            "MALLOC_PERTURB_", "MALLOC_CHECK_");

    /** A cgroup v1 limit at or above this is "no limit" (the kernel's PAGE_COUNTER_MAX in bytes). */
    private static final long NO_LIMIT = 1L << 62;

    private static MemoryPolicy current;

    private final String os;
    private final long pageSize;
    private final long hugePageSize;
    private final Optional<PageProbe.Touch> readSmallPages;
    private final Optional<PageProbe.Touch> readUnadvised;
    private final Optional<PageProbe.Touch> writeUnadvised;
    private final Optional<PageProbe.Touch> writeAdvised;
    private final Optional<String> hugePages;
    private final Optional<String> hugePageDefrag;
    private final OptionalLong overcommitMode;
    private final Map<String, Long> meminfo;
    private final Optional<Cgroup> cgroup;
    private final Optional<String> libc;
    private final Map<String, String> mallocTunables;

    /**
     * The memory cgroup this process is in: its version, its path in the hierarchy and its directory,
     * the lowest memory limit on the way up (empty: none) and what was charged to it when read.
     */
    public record Cgroup(int version, String path, Path directory, OptionalLong limitBytes, long usageBytes) {

        /** The memory cgroup of this process, read now. */
        public static Optional<Cgroup> ofThisProcess() {
            return Platform.current().linux() ? Cgroups.find() : Optional.empty();
        }

        /**
         * How many processes the kernel's OOM killer has ended in this cgroup so far (v1:
         * memory.oom_control, v2: memory.events, "oom_kill N"); empty where the kernel does not say.
         */
        public OptionalLong oomKills() {
            try {
                for (String line : Files.readAllLines(directory.resolve(version == 1 ? "memory.oom_control" : "memory.events"))) {
                    if (line.startsWith("oom_kill ")) {
                        return OptionalLong.of(Long.parseLong(line.substring("oom_kill ".length()).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an older kernel without the count: the caller cannot tell an OOM kill from another SIGKILL
            }
            return OptionalLong.empty();
        }

        /** "a cgroup memory limit of 230.0 MiB (cgroup v1 /a/b)", or "no cgroup memory limit (...)". */
        public String describeLimit() {
            return limitBytes.stream().mapToObj(limit -> "a cgroup memory limit of " + Sizes.format(limit)).findFirst()
                    .orElse("no cgroup memory limit") + " (cgroup v" + version + " " + path + ")";
        }
    }

    private MemoryPolicy() {
        os = Platform.current().os();
        pageSize = Binding.FFM.memory().pageSize();
        boolean linux = Platform.current().linux();
        hugePages = linux ? selected("/sys/kernel/mm/transparent_hugepage/enabled") : Optional.empty();
        hugePageDefrag = linux ? selected("/sys/kernel/mm/transparent_hugepage/defrag") : Optional.empty();
        hugePageSize = linux ? readLong("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size").orElse(2L << 20)
                : pageSize;
        readSmallPages = PageProbe.run(PageProbe.Advice.NO_HUGE_PAGES, PageProbe.Access.READ, pageSize, hugePageSize);
        readUnadvised = PageProbe.run(PageProbe.Advice.NONE, PageProbe.Access.READ, pageSize, hugePageSize);
        writeUnadvised = PageProbe.run(PageProbe.Advice.NONE, PageProbe.Access.WRITE, pageSize, hugePageSize);
        writeAdvised = hugePages.isPresent()
                ? PageProbe.run(PageProbe.Advice.HUGE_PAGES, PageProbe.Access.WRITE, pageSize, hugePageSize)
                : Optional.empty();
        overcommitMode = linux ? readLong("/proc/sys/vm/overcommit_memory") : OptionalLong.empty();
        meminfo = linux ? meminfo() : Map.of();
        cgroup = Cgroup.ofThisProcess();
        libc = linux ? glibcVersion().map(version -> "glibc " + version) : Optional.empty();
        mallocTunables = new LinkedHashMap<>();
        for (String name : MALLOC_VARIABLES) {
            String value = System.getenv(name);
            if (value != null) {
                mallocTunables.put(name, value);
            }
        }
    }

    /** This machine's policy, read and probed at the first call in this process. */
    public static synchronized MemoryPolicy current() {
        if (current == null) {
            current = new MemoryPolicy();
        }
        return current;
    }

    public long pageSize() {
        return pageSize;
    }

    /** The size of a transparent huge page (hpage_pmd_size), or the page size where there are none. */
    public long hugePageSize() {
        return hugePageSize;
    }

    /** Reads of never-written pages advised against huge pages (small pages only); empty where not probed. */
    public Optional<PageProbe.Touch> readSmallPages() {
        return readSmallPages;
    }

    /** Reads of never-written pages of a fresh mapping with no advice, as malloc's big blocks are. */
    public Optional<PageProbe.Touch> readUnadvised() {
        return readUnadvised;
    }

    /** Writes of every page of a fresh mapping with no advice. */
    public Optional<PageProbe.Touch> writeUnadvised() {
        return writeUnadvised;
    }

    /** Writes of every page of a fresh mapping advised MADV_HUGEPAGE. */
    public Optional<PageProbe.Touch> writeAdvised() {
        return writeAdvised;
    }

    /**
     * Whether a read of a never-written page of memory like {@code probe}'s made it resident (no
     * shared zero page served it): more than half the bytes read became resident. Empty if not probed.
     */
    public Optional<Boolean> readsMakeResident(Optional<PageProbe.Touch> probe) {
        return probe.map(touch -> touch.residentBytes() * 2 > touch.bytes(pageSize));
    }

    /** Whether memory with no advice, as malloc and the JVM get it, was served in huge pages when written. */
    public Optional<Boolean> hugePagesUnadvised() {
        return writeUnadvised.map(touch -> touch.hugeBytes() > 0);
    }

    /** "always", "madvise" or "never", as /sys/kernel/mm/transparent_hugepage/enabled selects; empty if absent. */
    public Optional<String> hugePageSetting() {
        return hugePages;
    }

    /** vm.overcommit_memory: 0 heuristic, 1 always, 2 strict. */
    public OptionalLong overcommitMode() {
        return overcommitMode;
    }

    public Optional<Cgroup> cgroup() {
        return cgroup;
    }

    /** The tunables of glibc's malloc set in the environment, by variable, in the order they are read. */
    public Map<String, String> mallocTunables() {
        return Map.copyOf(mallocTunables);
    }

    /**
     * The mmap threshold set for glibc's malloc (glibc.malloc.mmap_threshold in GLIBC_TUNABLES, or
     * MALLOC_MMAP_THRESHOLD_): a block at or above it gets a mapping of its own, which free() gives
     * back to the OS at once; a smaller one comes from malloc's heap. Empty where none is set: glibc
     * then starts at 128 KiB and raises the threshold to the size of an mmapped block freed (up to
     * 32 MiB on 64-bit).
     */
    public OptionalLong mallocMmapThreshold() {
        return mmapThreshold(mallocTunables);
    }

    static OptionalLong mmapThreshold(Map<String, String> tunables) {
        OptionalLong threshold = tunables.containsKey("MALLOC_MMAP_THRESHOLD_")
                ? parseSize(tunables.get("MALLOC_MMAP_THRESHOLD_")) : OptionalLong.empty();
        String list = tunables.get("GLIBC_TUNABLES"); // where both are set, memlab reports this one
        if (list != null) {
            for (String tunable : list.split(":")) { // "glibc.malloc.trim_threshold=0:glibc.malloc.mmap_threshold=..."
                if (tunable.startsWith("glibc.malloc.mmap_threshold=")) {
                    threshold = parseSize(tunable.substring(tunable.indexOf('=') + 1));
                }
            }
        }
        return threshold;
    }

    private static OptionalLong parseSize(String text) {
        try {
            return OptionalLong.of(Long.decode(text.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // glibc ignores what it cannot parse, and so does memlab
        }
    }

    /**
     * What was found for each aspect, in the order of {@link Aspect}, as a label and a sentence of
     * figures: e.g. "reads of never-written pages" -> "made them resident: no shared zero page here
     * (1,024 pages read, 1,024 faults, 4.0 MiB resident)".
     */
    public Map<String, String> describe(Set<Aspect> aspects) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Aspect aspect : Aspect.values()) {
            if (aspects.contains(aspect)) {
                describe(aspect, found);
            }
        }
        return found;
    }

    private void describe(Aspect aspect, Map<String, String> found) {
        String notRead = "not read on " + os;
        switch (aspect) {
            case ZERO_PAGE -> {
                found.put("page size", Sizes.format(pageSize));
                found.put("reads of never-written pages", readSmallPages.map(small -> {
                    boolean resident = readsMakeResident(readSmallPages).orElseThrow();
                    Optional<Boolean> unadvised = readsMakeResident(readUnadvised);
                    if (unadvised.isEmpty() || unadvised.get() == resident) {
                        return verdict(resident) + " (" + figures(small) + ")";
                    }
                    // huge pages serve memory with no advice, and their zero page policy differs
                    return "in small pages " + verdict(resident) + " (" + figures(small) + "); with no advice, as"
                            + " malloc's memory, " + verdict(unadvised.get()) + " (" + figures(readUnadvised.get()) + ")";
                }).orElse(notRead));
            }
            case HUGE_PAGES -> found.put("transparent huge pages", hugePages.map(setting -> {
                String said = setting + hugePageDefrag.map(defrag -> " (defrag " + defrag + ")").orElse("");
                said += writeUnadvised.map(touch -> "; writing a fresh " + Sizes.format(touch.bytes(pageSize))
                        + " with no advice (as malloc's) took " + figures(touch)).orElse("");
                said += writeAdvised.map(touch -> "; with MADV_HUGEPAGE " + figures(touch)).orElse("");
                return said;
            }).orElse(notRead));
            case OVERCOMMIT -> found.put("overcommit", overcommitMode.isPresent() ? overcommit() : notRead);
            case SWAP -> found.put("swap", !meminfo.containsKey("SwapTotal") ? notRead
                    : meminfo.get("SwapTotal") == 0 ? "none"
                    : Sizes.format(meminfo.get("SwapTotal")) + ", " + Sizes.format(meminfo.get("SwapFree")) + " free");
            case CGROUP -> found.put("cgroup memory limit", !Platform.current().linux() ? notRead : cgroup.map(group ->
                    group.limitBytes().stream().mapToObj(Sizes::format).findFirst().orElse("none")
                            + " (cgroup v" + group.version() + " " + group.path() + ", "
                            + Sizes.format(group.usageBytes()) + " charged)")
                    .orElse("no memory cgroup found"));
            case MALLOC -> found.put("C allocator", !Platform.current().linux() ? notRead
                    : libc.orElse(os.equals(Platform.LINUX_MUSL) ? "musl" : "not glibc") + (mallocTunables.isEmpty() ? ", no tunables in the environment"
                    : ", " + String.join(", ", mallocTunables.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()))
                    + (libc.isEmpty() ? "" : mallocMmapThreshold().stream().mapToObj(threshold ->
                    "; blocks from " + Sizes.format(threshold) + " up get a mapping of their own").findFirst()
                    .orElse("; mmap threshold glibc's own: 128 KiB, raised by frees up to 32 MiB")));
        }
    }

    private static String verdict(boolean madeResident) {
        return madeResident ? "made them resident: no shared zero page served them" : "mapped the shared zero page";
    }

    /** A read: "1,024 pages read, 1,024 faults, 4.0 MiB resident"; a write: "2 faults, 4.0 MiB of it in huge pages". */
    private String figures(PageProbe.Touch touch) {
        return touch.access() == PageProbe.Access.READ
                ? String.format(Locale.ROOT, "%,d pages read, %,d faults, %s resident", touch.pages(), touch.faults(),
                        Sizes.format(touch.residentBytes()))
                : String.format(Locale.ROOT, "%,d faults, %s of it in huge pages", touch.faults(),
                        Sizes.format(touch.hugeBytes()));
    }

    private String overcommit() {
        long mode = overcommitMode.getAsLong();
        String name = mode == 0 ? "heuristic" : mode == 1 ? "always" : mode == 2 ? "strict" : "unknown";
        String said = mode + ", " + name;
        if (meminfo.containsKey("CommitLimit") && meminfo.containsKey("Committed_AS")) {
            said += " (committed " + Sizes.format(meminfo.get("Committed_AS")) + ", commit limit "
                    + Sizes.format(meminfo.get("CommitLimit")) + (mode == 2 ? ", enforced)" : ", not enforced)");
        }
        return said;
    }

    /** The bracketed choice of a /sys setting: "always [madvise] never" -> "madvise". */
    static Optional<String> selected(String file) {
        try {
            Matcher choice = Pattern.compile("\\[([^]]+)]").matcher(Files.readString(Path.of(file)));
            return choice.find() ? Optional.of(choice.group(1)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static OptionalLong readLong(String file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(Path.of(file)).trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** /proc/meminfo's lines in bytes: "SwapTotal:  0 kB" -> SwapTotal=0. */
    private static Map<String, Long> meminfo() {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                String[] parts = line.split(":\\s*", 2);
                if (parts.length == 2 && parts[1].endsWith(" kB")) {
                    values.put(parts[0], Long.parseLong(parts[1].replace(" kB", "").trim()) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return values;
    }

    /** gnu_get_libc_version() through FFM; empty on a C library that has no such function (musl). */
    private static Optional<String> glibcVersion() {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find("gnu_get_libc_version").map(symbol -> {
            MethodHandle version = linker.downcallHandle(symbol,
                    FunctionDescriptor.of(java.lang.foreign.ValueLayout.ADDRESS));
            try {
                return ((MemorySegment) version.invokeExact()).reinterpret(64).getString(0);
            } catch (Throwable t) {
                return "of unknown version";
            }
        });
    }

    /** The memory controller over this process, cgroup v1 or v2, from /proc/self/cgroup and the mounts. */
    static final class Cgroups {

        private Cgroups() {
        }

        static Optional<Cgroup> find() {
            try {
                List<String> membership = Files.readAllLines(Path.of("/proc/self/cgroup"));
                List<String[]> mounts = new ArrayList<>();
                for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                    String[] halves = line.split(" - ", 2);
                    if (halves.length == 2) {
                        String[] mount = halves[0].split(" ");
                        String[] fs = halves[1].split(" ");
                        // root inside the hierarchy, mount point, file system type, its options
                        mounts.add(new String[] {mount[3], mount[4], fs[0], fs.length > 2 ? fs[2] : ""});
                    }
                }
                for (String line : membership) {
                    String[] parts = line.split(":", 3); // "4:memory:/path" (v1) or "0::/path" (v2)
                    if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
                        Optional<Cgroup> v1 = locate(mounts, parts[2], "cgroup", true).map(dir -> v1(dir, parts[2]));
                        if (v1.isPresent()) {
                            return v1;
                        }
                    }
                }
                for (String line : membership) {
                    String[] parts = line.split(":", 3);
                    if (parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()) {
                        return locate(mounts, parts[2], "cgroup2", false).map(dir -> v2(dir, parts[2]));
                    }
                }
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** The directory of {@code path} under the mount of {@code type} (v1: the one with the memory controller). */
        private static Optional<Path> locate(List<String[]> mounts, String path, String type, boolean memoryOption) {
            for (String[] mount : mounts) {
                if (mount[2].equals(type) && (!memoryOption || List.of(mount[3].split(",")).contains("memory"))) {
                    String root = mount[0];
                    String inside = root.equals("/") || !path.startsWith(root) ? path : path.substring(root.length());
                    Path dir = Path.of(mount[1], inside);
                    return Optional.of(Files.isDirectory(dir) ? dir : Path.of(mount[1]));
                }
            }
            return Optional.empty();
        }

        /** v1: memory.stat's hierarchical_memory_limit is the lowest limit on the way up. */
        private static Cgroup v1(Path dir, String path) {
            long limit = Long.MAX_VALUE;
            try {
                for (String line : Files.readAllLines(dir.resolve("memory.stat"))) {
                    if (line.startsWith("hierarchical_memory_limit ")) {
                        limit = Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
                    }
                }
            } catch (IOException | RuntimeException e) {
                limit = readLong(dir.resolve("memory.limit_in_bytes").toString()).orElse(Long.MAX_VALUE);
            }
            return new Cgroup(1, path, dir, limit >= NO_LIMIT ? OptionalLong.empty() : OptionalLong.of(limit),
                    readLong(dir.resolve("memory.usage_in_bytes").toString()).orElse(0));
        }

        /** v2: each level's memory.max ("max" or bytes); the lowest on the way up to the mount binds. */
        private static Cgroup v2(Path dir, String path) {
            long limit = Long.MAX_VALUE;
            for (Path level = dir; level != null && Files.exists(level.resolve("memory.max")); level = level.getParent()) {
                limit = Math.min(limit, readLong(level.resolve("memory.max").toString()).orElse(Long.MAX_VALUE));
            }
            return new Cgroup(2, path, dir, limit >= NO_LIMIT ? OptionalLong.empty() : OptionalLong.of(limit),
                    readLong(dir.resolve("memory.current").toString()).orElse(0));
        }
    }
}
