package memlab.isolate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import memlab.lab.ChildTask;
import memlab.lab.Children;
import memlab.lab.Metrics;
import memlab.lab.Outcome;
import memlab.lab.Row;
import memlab.lab.RowCodec;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.measure.MemoryPolicy;
import memlab.nativelib.NativeLib;
import memlab.util.TempDirs;

/**
 * Runs one {@link ChildTask} in a fresh JVM with its own flags and returns its row. A child that
 * dies becomes a row too: "killed by SIGSEGV", "timed out", "exited with code 3" — memlab itself
 * never dies with it. Everything the child leaves (its output, a JVM error report) sits in a
 * temporary directory that is removed afterwards.
 */
public final class ChildJvm implements Children {

    /** Flags every child gets: native access without warnings, JOL without warnings, no core dumps. */
    public static final List<String> BASE_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-Djdk.attach.allowAttachSelf=true",
            "-XX:+EnableDynamicAgentLoading",
            "--sun-misc-unsafe-memory-access=allow",
            "-XX:-CreateCoredumpOnCrash");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A file to which every child appends one tab-separated line: task, variant, start-up, task and
     * tear-down milliseconds, its whole life, and when it was started (milliseconds since the epoch). Set by the run-times benchmark to see where a lab's
     * time goes; unset, nothing is written.
     */
    public static final String TIMINGS_PROPERTY = "memlab.child-timings";

    /** "#  SIGSEGV (0xb) at pc=..." on POSIX, "#  EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=..." on Windows. */
    private static final Pattern FAULT = Pattern.compile("^#\\s+(SIG[A-Z]+|EXCEPTION_[A-Z_]+)(?: \\((0x[0-9a-fA-F]+)\\))?");

    private final Duration timeout;
    private List<String> startupFlags = List.of();

    public ChildJvm(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Starts every later child with an ahead-of-time cache of memlab's classes ({@link StartupCache}),
     * made now if this build has none: about 0.25 s less per child. Only when memlab runs from its jar.
     */
    public ChildJvm withStartupCache() {
        startupFlags = StartupCache.flags(javaExecutable());
        return this;
    }

    /**
     * Runs {@code task} for one variant in a child JVM started with {@code jvmFlags}; the row is
     * named after the caller's variant, whatever the child reports or fails to.
     */
    @Override
    public Row run(VariantArgs args, List<String> jvmFlags, Class<? extends ChildTask> task) {
        return runRows(args, jvmFlags, task).get(0).renamed(args.variant());
    }

    /**
     * Runs a task that returns several rows, named by the child. A child that dies, hangs or fails
     * becomes one row, named after {@code args}' variant, whose outcome says how.
     */
    @Override
    @SuppressWarnings("unchecked")
    public List<Row> runRows(VariantArgs args, List<String> jvmFlags, Class<? extends ChildTask> task) {
        Variant variant = args.variant();
        Path dir = null;
        Process process = null;
        try {
            dir = TempDirs.create("child");
            Path result = dir.resolve("row.json");
            Path stderr = dir.resolve("stderr.txt");
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(startupFlags);
            command.addAll(BASE_FLAGS);
            command.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
            command.add("-D" + NativeLib.PATH_PROPERTY + "=" + NativeLib.path());
            command.addAll(jvmFlags);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ChildMain.class.getName());
            command.add(task.getName());
            command.add(result.toString());
            command.addAll(args.toArgs());

            // a child the kernel's OOM killer ends dies of SIGKILL like any other: the cgroup's count tells them apart
            Optional<MemoryPolicy.Cgroup> cgroup = MemoryPolicy.Cgroup.ofThisProcess();
            OptionalLong oomKillsBefore = cgroup.map(MemoryPolicy.Cgroup::oomKills).orElse(OptionalLong.empty());
            long spawned = System.currentTimeMillis();
            process = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                recordTiming(task, variant, spawned, null, System.currentTimeMillis());
                return List.of(new Row(variant).outcome(new Outcome.TimedOut(timeout)).metric(Metrics.EXIT_CODE, -1));
            }
            long exited = System.currentTimeMillis();
            int exit = process.exitValue();
            if (exit == 0 && Files.isRegularFile(result)) {
                Map<String, Object> json = JSON.readValue(result.toFile(), new TypeReference<Map<String, Object>>() { });
                recordTiming(task, variant, spawned, (Map<String, Object>) json.get("timing"), exited);
                return ((List<Map<String, Object>>) json.get("rows")).stream().map(RowCodec::fromMap).toList();
            }
            recordTiming(task, variant, spawned, null, exited);
            Row death = describeDeath(variant, exit, dir, stderr);
            if (death.outcome() instanceof Outcome.Killed killed && killed.signal().equals("SIGKILL")
                    && oomKillsBefore.isPresent()) {
                MemoryPolicy.Cgroup group = cgroup.orElseThrow();
                if (group.oomKills().orElse(0) > oomKillsBefore.getAsLong()) {
                    // read again: the limit may have been set while the child ran
                    MemoryPolicy.Cgroup now = MemoryPolicy.Cgroup.ofThisProcess().orElse(group);
                    death.label(Row.OOM_KILLER, "the kernel's OOM killer, at " + now.describeLimit());
                }
            }
            return List.of(death);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run a child JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child JVM", e);
        } finally {
            // interrupted, or the parent failed reading its row: no child outlives the wait for it
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            TempDirs.deleteTree(dir);
        }
    }

    /** Appends this child's times to the {@link #TIMINGS_PROPERTY} file, if set; "-" for a part a dead child never reached. */
    private static void recordTiming(Class<?> task, Variant variant, long spawned, Map<String, Object> timing,
                                     long exited) throws IOException {
        String file = System.getProperty(TIMINGS_PROPERTY);
        if (file == null) {
            return;
        }
        List<String> parts = List.of("-", "-", "-");
        if (timing != null) {
            long taskStarted = ((Number) timing.get("task_started_ms")).longValue();
            long taskEnded = ((Number) timing.get("task_ended_ms")).longValue();
            parts = List.of(Long.toString(taskStarted - spawned), Long.toString(taskEnded - taskStarted),
                    Long.toString(exited - taskEnded));
        }
        String line = String.join("\t", task.getName(), variant.name(), String.join("\t", parts), Long.toString(exited - spawned),
                Long.toString(spawned));
        Files.writeString(Path.of(file), line + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * How a child died. A fault in native code is caught by HotSpot's signal handler, which writes
     * an error report (hs_err) and exits: with code 1 when core dumps are off, by SIGABRT when on.
     * The report names the real fault, so it decides the outcome. A fault the handler cannot run
     * for (a native stack overflow) kills the process outright: exit 128 + signal.
     */
    static Row describeDeath(Variant variant, int exit, Path dir, Path stderr) throws IOException {
        Path report;
        try (Stream<Path> files = Files.list(dir)) {
            report = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).findFirst().orElse(null);
        }
        if (report != null) {
            List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
            String faultLine = lines.stream().filter(l -> FAULT.matcher(l).find()).findFirst().orElse(null);
            Matcher fault = faultLine == null ? null : FAULT.matcher(faultLine);
            if (fault != null && !fault.find()) {
                fault = null;
            }
            Row row = new Row(variant).metric(Metrics.EXIT_CODE, exit);
            if (fault != null) {
                // a signal's number; Windows names an exception code (0xC0000005), which is no signal
                int number = fault.group(2) != null && fault.group(1).startsWith("SIG")
                        ? Integer.parseUnsignedInt(fault.group(2).substring(2), 16) : -1;
                row.outcome(new Outcome.Killed(fault.group(1), number));
                row.label("native_fault", faultLine.substring(1).strip());
                if (number != -1) {
                    row.metric(Metrics.SIGNAL_NUMBER, number);
                }
            } else {
                row.outcome(new Outcome.Failed("killed by a fatal JVM error"));
            }
            for (int i = 0; i < lines.size() - 1; i++) {
                if (lines.get(i).startsWith("# Problematic frame:")) {
                    row.label("problematic_frame", lines.get(i + 1).substring(1).strip());
                }
            }
            return row.label("jvm_error_report", "hs_err written by the JVM's fatal error handler (then removed)");
        }
        String os = System.getProperty("os.name");
        String signal = signalName(os, exit);
        if (signal != null) {
            int number = isWindows(os) ? -1 : exit - 128; // Windows: an exception code, no signal
            Row row = new Row(variant).outcome(new Outcome.Killed(signal, number)).metric(Metrics.EXIT_CODE, exit)
                    .label("jvm_error_report", "none");
            if (number != -1) {
                row.metric(Metrics.SIGNAL_NUMBER, number);
            }
            return row;
        }
        Row row = new Row(variant).outcome(new Outcome.Failed("exited with code " + exit)).metric(Metrics.EXIT_CODE, exit);
        List<String> errors = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        if (!errors.isEmpty()) {
            // the root cause: the last "Caused by" or exception line, not a "... 6 more"
            String cause = errors.stream().map(String::strip)
                    .filter(l -> l.startsWith("Caused by:") || l.startsWith("Exception in thread") || l.startsWith("Error"))
                    .reduce((first, second) -> second).orElse(errors.get(errors.size() - 1).strip());
            row.label("error", cause);
        }
        return row;
    }

    /**
     * What killed a child that left no error report, from its exit code on {@code osName}. POSIX:
     * a process killed by signal N exits with 128 + N, and the numbers differ by OS (SIGBUS is 7 on
     * Linux, 10 on macOS, where 7 is SIGEMT). Windows: the exit code is the NTSTATUS exception code.
     */
    static String signalName(String osName, int exit) {
        if (isWindows(osName)) {
            return switch (exit) {
                case 0xC0000005 -> "EXCEPTION_ACCESS_VIOLATION (0xC0000005)";
                case 0xC00000FD -> "EXCEPTION_STACK_OVERFLOW (0xC00000FD)";
                default -> null;
            };
        }
        boolean mac = osName.toLowerCase(Locale.ROOT).startsWith("mac");
        return switch (exit - 128) {
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> mac ? "SIGEMT" : "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 10 -> mac ? "SIGBUS" : "SIGUSR1";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> null;
        };
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
    }

    private static java.io.File nullDevice() {
        return new java.io.File(isWindows() ? "NUL" : "/dev/null");
    }

    private static boolean isWindows() {
        return isWindows(System.getProperty("os.name"));
    }

    private static boolean isWindows(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

}
