package memlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import memlab.measure.MemoryPolicy;
import memlab.util.Sizes;

/**
 * The labs whose lessons depend on the kernel's or the allocator's policy, run under every policy
 * this machine can be put in: what each lab printed, and whether its tests (JUnit and C) held.
 * A lab must teach what it measured under each, and its tests must hold it to that.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package exec:exec@policy-matrix                                 # the environment's policies
 * ./mvnw -q -B -DskipTests package exec:exec@policy-matrix -Dpolicy-matrix.args="--system --record"   # as root, all
 * </pre>
 *
 * <p>Policies set through the environment (glibc's malloc tunables, which every child JVM inherits)
 * need nothing. Policies set in {@code /sys} and {@code /proc/sys} (transparent huge pages, the
 * huge zero page, overcommit) and a cgroup memory limit need root and {@code --system}; each is set
 * before its run and put back as it was found after it, and a shutdown hook puts back whatever is
 * still changed if the run is interrupted (Ctrl-C, SIGTERM). Without root, or without
 * {@code --system}, those policies are skipped, and the output says so.
 *
 * <p>Exit code 1 if any test failed under any policy. {@code --record} writes the table into
 * docs/platforms.md and each lab's printed result into docs/policy-matrix.md; without it the
 * report goes to target/policy-matrix/ only.
 */
public final class PolicyMatrix {

    private PolicyMatrix() {
    }

    /** A lab, the JUnit class that holds it to its figures, and its C tests (binaries of java/core/target/cmake). */
    record LabUnderTest(String id, String junitModule, String junitClass, List<String> cTests) {
    }

    static final List<LabUnderTest> LABS = List.of(
            new LabUnderTest("materialize", "java/app", "Lab01_MaterializeTest", List.of("test_lab01_materialize")),
            new LabUnderTest("stack-vs-heap", "java/app", "Lab04_StackVsHeapTest", List.of("test_lab04_stack_vs_heap")),
            new LabUnderTest("leak", "java/app", "Lab05_LeakTest", List.of("test_lab05_leak")),
            new LabUnderTest("virtual-memory", "java/app", "Lab06_VirtualMemoryTest", List.of("test_lab06_virtual_memory")),
            new LabUnderTest("arena", "java/app", "Lab08_ArenaTest", List.of("test_lab08_arena")),
            new LabUnderTest("scaling", "java/app", "Lab09_ScalingTest", List.of()),
            new LabUnderTest("retention", "java/app", "Lab12_RetentionTest", List.of("test_lab12_retention")),
            new LabUnderTest("native-leaks", "java/app", "Lab14_NativeLeaksTest", List.of()),
            // not labs: the leak check's engine, and the policy probe itself with the process statistics it reads
            new LabUnderTest(null, "java/core", "LeakCheckTest", List.of()),
            new LabUnderTest(null, "java/core", "MemoryPolicyTest", List.of("test_process_stats")));

    /** A setting under /sys or /proc/sys and the value a policy writes to it. */
    record Setting(String file, String value) {
    }

    /** A policy: set through the environment, through system settings (root), or both. */
    record Policy(String name, String what, Map<String, String> environment, List<Setting> settings) {

        boolean system() {
            return !settings.isEmpty();
        }

        /** "THP always, no huge zero page" -> "thp-always-no-huge-zero-page": the name --policies takes. */
        String slug() {
            return PolicyMatrix.slug(name);
        }
    }

    private static final String THP = "/sys/kernel/mm/transparent_hugepage/";

    static final List<Policy> POLICIES = List.of(
            new Policy("as found", "this machine's own settings, untouched", Map.of(), List.of()),
            new Policy("hugetlb=1", "glibc's malloc asks for huge pages (madvise) on its own mappings",
                    Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1"), List.of()),
            new Policy("trim_threshold=0", "glibc's malloc gives back any free top of its heap at once",
                    Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0"), List.of()),
            new Policy("mmap_threshold=32M", "glibc's malloc serves blocks up to 32 MiB from its heap, not mmap",
                    Map.of("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=33554432"), List.of()),
            new Policy("MALLOC_ARENA_MAX=1", "one malloc arena for every thread",
                    Map.of("MALLOC_ARENA_MAX", "1"), List.of()),
            new Policy("THP always", "transparent huge pages for all anonymous memory",
                    Map.of(), List.of(new Setting(THP + "enabled", "always"))),
            new Policy("THP always, no huge zero page",
                    "huge pages for all anonymous memory, and a read fault allocates a real huge page",
                    Map.of(), List.of(new Setting(THP + "enabled", "always"), new Setting(THP + "use_zero_page", "0"))),
            new Policy("THP never", "no transparent huge pages, even where madvise asks",
                    Map.of(), List.of(new Setting(THP + "enabled", "never"))),
            new Policy("overcommit 1", "every allocation of address space succeeds",
                    Map.of(), List.of(new Setting("/proc/sys/vm/overcommit_memory", "1"))),
            new Policy("overcommit 2", "strict: commits above the commit limit fail",
                    Map.of(), List.of(new Setting("/proc/sys/vm/overcommit_memory", "2"))));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Settings changed and not yet put back, newest first: the finally blocks and the shutdown hook undo them. */
    private static final Deque<Runnable> UNDO = new ArrayDeque<>();

    public static void main(String[] args) throws Exception {
        boolean system = false;
        boolean record = false;
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--system" -> system = true;
                case "--record" -> record = true;
                case "--policies" -> only = List.of(args[++i].split(","));
                case "--help" -> {
                    System.out.println("usage: PolicyMatrix [--system] [--record] [--policies NAME,NAME]\n"
                            + "  --system    also the policies that write /sys, /proc/sys and a cgroup (root only;"
                            + " each is put back after its run)\n"
                            + "  --record    write docs/platforms.md's table and docs/policy-matrix.md\n"
                            + "  --policies  only these, by name: " + POLICIES.stream().map(Policy::slug)
                            .collect(Collectors.joining(", ")) + ", cgroup-limit");
                    return;
                }
                default -> {
                    System.err.println("memlab policy-matrix: unknown option " + args[i] + "; try --help");
                    System.exit(2);
                }
            }
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Runtime.getRuntime().addShutdownHook(new Thread(PolicyMatrix::undoAll, "policy-matrix-restore"));
        Path logs = Files.createDirectories(Path.of("target/policy-matrix"));
        List<String> table = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean allGreen = true;
        table.add("| policy | " + LABS.stream().map(PolicyMatrix::column).collect(Collectors.joining(" | ")) + " |");
        table.add("|---|" + "---|".repeat(LABS.size()));
        for (Policy policy : POLICIES) {
            if (!only.isEmpty() && !only.contains(policy.slug())) {
                continue;
            }
            if (policy.system() && !(system && root)) {
                skipped.add(policy.name() + (root ? " (no --system)" : " (not root)"));
                System.out.println("memlab policy-matrix: skipped " + policy.name() + ": it writes "
                        + policy.settings().stream().map(Setting::file).collect(Collectors.joining(", "))
                        + (root ? "; add --system" : ", which needs root"));
                continue;
            }
            System.out.println("memlab policy-matrix: " + policy.name() + " (" + policy.what() + ")");
            List<String> cells = new ArrayList<>();
            details.add("## " + policy.name());
            details.add("");
            details.add(policy.what() + ": " + describe(policy) + ".");
            details.add("");
            try {
                policy.settings().forEach(PolicyMatrix::apply);
                Path dir = Files.createDirectories(logs.resolve(policy.slug()));
                Map<String, String> failures = new LinkedHashMap<>(cTests(policy, dir));
                failures.putAll(junit(policy, dir));
                String machine = null;
                for (LabUnderTest lab : LABS) {
                    List<String> failed = failures.entrySet().stream()
                            .filter(e -> e.getKey().equals(lab.junitClass()) || lab.cTests().contains(e.getKey()))
                            .map(e -> e.getKey() + ": " + e.getValue()).toList();
                    allGreen &= failed.isEmpty();
                    cells.add(failed.isEmpty() ? "green" : "**red** (" + failed.size() + ")");
                    if (lab.id() == null) {
                        failed.forEach(f -> details.add("- " + lab.junitClass() + " RED: " + f));
                        continue;
                    }
                    JsonNode printed = runLab(policy, lab.id(), dir);
                    if (machine == null && printed.has("machine")) {
                        machine = printed.get("machine").toString();
                        details.add("What memlab read of this machine: " + machineLine(printed.get("machine")));
                        details.add("");
                    }
                    details.add("- **" + lab.id() + "** (`run " + lab.id() + " --quick`), tests "
                            + (failed.isEmpty() ? "green" : "RED: " + String.join("; ", failed)) + ". "
                            + (printed.has("reading") ? printed.get("reading").asText() : printed.path("error").asText()));
                }
                details.add("");
            } finally {
                undoAll();
            }
            table.add("| " + policy.name() + " | " + String.join(" | ", cells) + " |");
        }
        if (!only.isEmpty() && !only.contains("cgroup-limit")) {
            skipped.add("cgroup limit (not asked for)");
        } else if (!(system && root)) {
            skipped.add("cgroup limit" + (root ? " (no --system)" : " (not root)"));
        } else {
            CgroupRun run = cgroupLimit(logs);
            details.addAll(run.lines());
            if (run.said() == null) {
                skipped.add("cgroup limit (" + run.lines().get(run.lines().size() - 1) + ")");
            } else {
                allGreen &= run.said();
                table.add("| cgroup limit " + Sizes.format(CGROUP_LIMIT) + " | " + LABS.stream()
                        .map(lab -> !"leak".equals(lab.id()) ? "-" : run.said() ? "green" : "**red**")
                        .collect(Collectors.joining(" | ")) + " |");
            }
        }

        List<String> report = new ArrayList<>();
        report.add("Recorded " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))
                + " by `./mvnw -q -B -DskipTests package exec:exec@policy-matrix"
                + (args.length > 0 ? " -Dpolicy-matrix.args=\"" + String.join(" ", args) + "\"" : "") + "` on "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + Runtime.getRuntime().availableProcessors() + " cores). Each cell: the lab's JUnit and C tests under"
                + " that policy; what each lab printed is in [policy-matrix.md](policy-matrix.md).");
        report.add("");
        report.addAll(table);
        if (!skipped.isEmpty()) {
            report.add("");
            report.add("Skipped: " + String.join(", ", skipped) + ".");
        }
        String tableText = String.join("\n", report);
        List<String> page = new ArrayList<>(List.of("# memlab under each memory policy", "",
                "What each lab printed (`java -jar target/memlab.jar run LAB --quick --format json`, its result) and"
                        + " whether its tests held, under each policy this machine could be put in. The table is in"
                        + " [platforms.md](platforms.md#memory-policies); the probe that reads each policy is"
                        + " `memlab.measure.MemoryPolicy`.", "", tableText, ""));
        page.addAll(details);
        Files.writeString(logs.resolve("policy-matrix.md"), String.join("\n", page) + "\n", StandardCharsets.UTF_8);
        if (record) {
            Files.writeString(Path.of("docs/policy-matrix.md"), String.join("\n", page) + "\n", StandardCharsets.UTF_8);
            replaceBetweenMarkers(Path.of("docs/platforms.md"), tableText);
        }
        System.out.println(tableText);
        System.out.println("memlab policy-matrix: wrote " + logs.resolve("policy-matrix.md")
                + (record ? ", docs/policy-matrix.md and docs/platforms.md" : ""));
        if (!allGreen) {
            System.err.println("memlab policy-matrix: tests failed under some policy; see the table");
            System.exit(1);
        }
    }

    static String slug(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static String column(LabUnderTest lab) {
        return lab.id() != null ? lab.id() : lab.junitClass().replace("Test", "");
    }

    private static String describe(Policy policy) {
        List<String> parts = new ArrayList<>();
        policy.environment().forEach((name, value) -> parts.add("`" + name + "=" + value + "`"));
        policy.settings().forEach(s -> parts.add("`" + s.value() + "` into `" + s.file() + "`"));
        return parts.isEmpty() ? "nothing set" : String.join(", ", parts);
    }

    private static String machineLine(JsonNode machine) {
        List<String> parts = new ArrayList<>();
        machine.fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
        return String.join("; ", parts) + ".";
    }

    /** Writes a setting, after remembering how it was; "always [madvise] never" is remembered as "madvise". */
    private static void apply(Setting setting) {
        Path file = Path.of(setting.file());
        try {
            String was = Files.readString(file).trim();
            Matcher selected = Pattern.compile("\\[([^]]+)]").matcher(was);
            String restore = selected.find() ? selected.group(1) : was;
            synchronized (UNDO) {
                UNDO.push(() -> write(file, restore));
            }
            write(file, setting.value());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value + " into " + file + ": " + e.getMessage(), e);
        }
    }

    /** Puts back every setting still changed, newest first; called after each policy and at exit. */
    private static void undoAll() {
        synchronized (UNDO) {
            while (!UNDO.isEmpty()) {
                try {
                    UNDO.pop().run();
                } catch (RuntimeException e) {
                    System.err.println("memlab policy-matrix: could not restore: " + e.getMessage());
                }
            }
        }
    }

    /** The C tests of every lab, run straight from the build directory: their names and how each failed. */
    private static Map<String, String> cTests(Policy policy, Path dir) throws IOException, InterruptedException {
        Map<String, String> failed = new LinkedHashMap<>();
        for (LabUnderTest lab : LABS) {
            for (String test : lab.cTests()) {
                Path binary = Path.of("java/core/target/cmake", test);
                if (!Files.isExecutable(binary)) {
                    throw new IllegalStateException("no " + binary + ": build first (./mvnw -DskipTests package)");
                }
                Path log = dir.resolve(test + ".log");
                int exit = run(List.of(binary.toString()), policy, log);
                if (exit != 0) {
                    String lines = Files.readAllLines(log).stream().filter(l -> l.contains("FAIL") || l.contains("fail"))
                            .findFirst().orElse("exit code " + exit);
                    failed.put(test, lines.strip());
                }
            }
        }
        return failed;
    }

    /** Every JUnit class of the matrix in one Maven run; the failures by class, with their first message. */
    private static Map<String, String> junit(Policy policy, Path dir) throws IOException, InterruptedException {
        List<String> classes = LABS.stream().map(LabUnderTest::junitClass).toList();
        for (String module : List.of("java/core", "java/app")) {
            Path reports = Path.of(module, "target/surefire-reports");
            if (Files.isDirectory(reports)) {
                try (Stream<Path> files = Files.list(reports)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
        List<String> command = List.of(Path.of("mvnw").toAbsolutePath().toString(), "-B", "-o", "-pl", "java/core,java/app",
                "test", "-Dctest.skip.tests=true", "-Dtest=" + String.join(",", classes),
                "-Dsurefire.failIfNoSpecifiedTests=false", "-Dmaven.test.failure.ignore=true");
        int exit = run(command, policy, dir.resolve("junit.log"));
        if (exit != 0) {
            throw new IllegalStateException("the Maven test run failed to run (exit " + exit + "): " + dir.resolve("junit.log"));
        }
        Map<String, String> failed = new LinkedHashMap<>();
        for (LabUnderTest lab : LABS) {
            try (Stream<Path> found = Files.find(Path.of(lab.junitModule(), "target/surefire-reports"), 1,
                    (file, attributes) -> file.getFileName().toString().matches("TEST-.*\\." + lab.junitClass() + "\\.xml"))) {
                Path report = found.findFirst().orElse(null);
                if (report == null) {
                    failed.put(lab.junitClass(), "did not run");
                    continue;
                }
                String xml = Files.readString(report);
                List<String> messages = new ArrayList<>();
                Matcher testcase = Pattern.compile("<testcase name=\"([^\"]+)\"[^>]*?(?:/>|>(.*?)</testcase>)",
                        Pattern.DOTALL).matcher(xml);
                while (testcase.find()) {
                    Matcher failure = Pattern.compile("<(?:failure|error) message=\"([^\"]*)\"")
                            .matcher(testcase.group(2) == null ? "" : testcase.group(2));
                    if (failure.find()) {
                        String text = failure.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                                .replace("&#10;", " ").replace("&amp;", "&");
                        messages.add(testcase.group(1) + ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
                    }
                }
                if (!messages.isEmpty()) {
                    failed.put(lab.junitClass(), String.join("; ", messages));
                }
            }
        }
        return failed;
    }

    /** One lab at --quick sizes through the jar, as JSON; or {"error": ...} if it did not run to its end. */
    private static JsonNode runLab(Policy policy, String lab, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve(lab + ".json");
        int exit = run(List.of(RunTimes.javaExecutable(), "-jar", "target/memlab.jar", "run", lab, "--quick",
                "--format", "json"), policy, log);
        String text = Files.readString(log);
        int start = text.indexOf('{');
        if (exit != 0 || start < 0) {
            return JSON.createObjectNode().put("error", "exit code " + exit + ": " + text.strip());
        }
        return JSON.readTree(text.substring(start));
    }

    /** What the cgroup run printed; {@code said}: whether memlab said the limit stopped it (null: skipped). */
    record CgroupRun(List<String> lines, Boolean said) {
    }

    /** Below lab 05's need at its seed sizes: a 100 MiB leak in a child JVM beside the parent's. */
    static final long CGROUP_LIMIT = 230L << 20;

    /**
     * A lab run in a cgroup whose memory limit is below the lab's need: memlab must say that the
     * limit stopped a variant (the kernel's OOM killer ended it, or the budget refused the run naming
     * the limit), not crash or print a wrong figure.
     */
    private static CgroupRun cgroupLimit(Path logs) throws IOException, InterruptedException {
        MemoryPolicy.Cgroup group = MemoryPolicy.Cgroup.ofThisProcess().orElse(null);
        List<String> lines = new ArrayList<>(List.of("## cgroup limit", ""));
        if (group == null) {
            lines.add("no memory cgroup found for this process");
            return new CgroupRun(lines, null);
        }
        Path child = group.directory().resolve("memlab-policy-matrix");
        try {
            Files.createDirectories(child);
            synchronized (UNDO) {
                UNDO.push(() -> {
                    try {
                        Files.deleteIfExists(child);
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot remove " + child + ": " + e.getMessage(), e);
                    }
                });
            }
            write(child.resolve(group.version() == 1 ? "memory.limit_in_bytes" : "memory.max"),
                    Long.toString(CGROUP_LIMIT));
        } catch (IOException | IllegalStateException e) {
            undoAll();
            lines.add("cannot make a cgroup with a memory limit here: " + e.getMessage());
            return new CgroupRun(lines, null);
        }
        try {
            List<String> memlab = List.of(RunTimes.javaExecutable(), "-Xmx400m", "-jar", "target/memlab.jar", "run", "leak");
            Path log = logs.resolve("cgroup-limit.log");
            List<String> command = new ArrayList<>(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                    child.resolve("cgroup.procs").toString()));
            command.addAll(memlab);
            int exit = run(command, new Policy("cgroup", "", Map.of(), List.of()), log);
            List<String> printed = Files.readAllLines(log);
            String all = String.join(" ", printed).replaceAll("\\s+", " ");
            boolean said = exit == 0 && all.contains("the kernel's OOM killer ended")
                    || exit == 2 && all.contains("cgroup memory limit");
            lines.add("`java -Xmx400m -jar target/memlab.jar run leak` in a cgroup (v" + group.version() + ") limited to "
                    + Sizes.format(CGROUP_LIMIT) + ": the lab leaks 100 MiB in a child JVM beside the parent's."
                    + " Exit code " + exit + (said ? "; memlab said the limit stopped it" : "; memlab did NOT say the"
                    + " limit stopped it") + ". What it printed after its table:");
            lines.add("");
            lines.add("```");
            int table = 0;
            for (int i = 0; i < printed.size(); i++) {
                if (printed.get(i).startsWith("(headline columns")) {
                    table = i + 1;
                }
            }
            printed.subList(table, printed.size()).stream().filter(l -> !l.startsWith("memlab: making a start-up"))
                    .forEach(lines::add);
            lines.add("```");
            return new CgroupRun(lines, said);
        } finally {
            undoAll();
        }
    }

    /** Runs a command with the policy's environment, its output into {@code log}; its exit code. */
    private static int run(List<String> command, Policy policy, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(policy.environment());
        builder.environment().put("COLUMNS", "100");
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }

    /** Puts {@code text} between the policy-matrix markers of {@code page}. */
    private static void replaceBetweenMarkers(Path page, String text) throws IOException {
        String start = "<!-- policy-matrix:start -->";
        String end = "<!-- policy-matrix:end -->";
        String content = Files.readString(page);
        int from = content.indexOf(start);
        int to = content.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException(page + " has no " + start + " ... " + end + " section");
        }
        Files.writeString(page, content.substring(0, from + start.length()) + "\n" + text + "\n" + content.substring(to));
    }
}
