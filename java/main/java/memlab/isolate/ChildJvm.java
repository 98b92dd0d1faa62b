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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import memlab.lab.Row;
import memlab.lab.RowCodec;
import memlab.lab.Side;
import memlab.nativelib.NativeLib;

/**
 * Runs one {@link ChildTask} in a fresh JVM with its own flags and returns its row. A child that
 * dies becomes a row too: "killed by SIGSEGV", "timed out", "exited with code 3" — memlab itself
 * never dies with it. Everything the child leaves (its output, a JVM error report) sits in a
 * temporary directory that is removed afterwards.
 */
public final class ChildJvm {

    /** Flags every child gets: native access without warnings, JOL without warnings, no core dumps. */
    public static final List<String> BASE_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-Djdk.attach.allowAttachSelf=true",
            "-XX:+EnableDynamicAgentLoading",
            "--sun-misc-unsafe-memory-access=allow",
            "-XX:-CreateCoredumpOnCrash");

    /**
     * A heap that neither grows nor shrinks, its pages resident from the start: in a child started
     * with these, RSS moves only with native memory, not with the collector's sizing decisions.
     */
    public static final List<String> STABLE_HEAP_FLAGS = List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch");

    /**
     * The interpreter only. The JIT's compiler threads malloc and free megabytes of arenas at their
     * own pace, which the process allocator and RSS see as noise of ±0.2 to 10 MiB; interpreted,
     * the same child's allocator moves by a few hundred bytes run to run. For variants whose witness
     * is the process allocator or RSS and whose Java code is a thin loop around C.
     */
    public static final String NO_JIT_FLAG = "-Xint";

    /** {@link #STABLE_HEAP_FLAGS} and {@link #NO_JIT_FLAG}: RSS and malloc move only with the lab. */
    public static final List<String> QUIET_NATIVE_FLAGS = List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch",
            NO_JIT_FLAG);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** "#  SIGSEGV (0xb) at pc=..." on POSIX, "#  EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=..." on Windows. */
    private static final Pattern FAULT = Pattern.compile("^#\\s+(SIG[A-Z]+|EXCEPTION_[A-Z_]+)(?: \\((0x[0-9a-fA-F]+)\\))?");

    private final Duration timeout;

    public ChildJvm(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Runs {@code task} with {@code args} in a child JVM started with {@code jvmFlags}; the row's
     * side and variant are the caller's, whatever the child reports or fails to.
     */
    public Row run(Side side, String variant, List<String> jvmFlags, Class<? extends ChildTask> task,
                   List<String> args) {
        List<Row> rows = runRows(side, variant, jvmFlags, task, args);
        Row named = new Row(side, variant);
        rows.get(0).metrics().forEach(named::metric);
        rows.get(0).labels().forEach(named::label);
        rows.get(0).series().forEach(named::point);
        return named;
    }

    /**
     * Runs a task that returns several rows, named by the child. A child that dies, hangs or fails
     * becomes one row named {@code side}/{@code variant} that says how.
     */
    @SuppressWarnings("unchecked")
    public List<Row> runRows(Side side, String variant, List<String> jvmFlags, Class<? extends ChildTask> task,
                             List<String> args) {
        Path dir = null;
        try {
            dir = TempDirs.create("child");
            Path result = dir.resolve("row.json");
            Path stderr = dir.resolve("stderr.txt");
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(BASE_FLAGS);
            command.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
            command.add("-D" + NativeLib.PATH_PROPERTY + "=" + NativeLib.path());
            command.addAll(jvmFlags);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ChildMain.class.getName());
            command.add(task.getName());
            command.add(result.toString());
            command.addAll(args);

            Process process = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return List.of(failed(side, variant, "timed out after " + timeout.toSeconds() + " s and was killed", -1));
            }
            int exit = process.exitValue();
            if (exit == 0 && Files.isRegularFile(result)) {
                Map<String, Object> json = JSON.readValue(result.toFile(), new TypeReference<Map<String, Object>>() { });
                return ((List<Map<String, Object>>) json.get("rows")).stream().map(RowCodec::fromMap).toList();
            }
            return List.of(describeDeath(side, variant, exit, dir, stderr));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run a child JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child JVM", e);
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    /**
     * How a child died. A fault in native code is caught by HotSpot's signal handler, which writes
     * an error report (hs_err) and exits: with code 1 when core dumps are off, by SIGABRT when on.
     * The report names the real fault, so it decides the outcome. A fault the handler cannot run
     * for (a native stack overflow) kills the process outright: exit 128 + signal.
     */
    private static Row describeDeath(Side side, String variant, int exit, Path dir, Path stderr) throws IOException {
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
            Row row = failed(side, variant, "killed by " + (fault != null ? fault.group(1) : "a fatal JVM error"), exit);
            if (fault != null) {
                row.label("native_fault", faultLine.substring(1).strip());
                if (fault.group(2) != null) {
                    row.metric("signal_number", Integer.decode(fault.group(2)));
                }
            }
            for (int i = 0; i < lines.size() - 1; i++) {
                if (lines.get(i).startsWith("# Problematic frame:")) {
                    row.label("problematic_frame", lines.get(i + 1).substring(1).strip());
                }
            }
            return row.label("jvm_error_report", "hs_err written by the JVM's fatal error handler (then removed)");
        }
        String signal = signalName(exit);
        if (signal != null) {
            Row row = failed(side, variant, "killed by " + signal, exit).label("jvm_error_report", "none");
            if (exit > 128) {
                row.metric("signal_number", exit - 128);
            }
            return row;
        }
        Row row = failed(side, variant, "exited with code " + exit, exit);
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

    private static Row failed(Side side, String variant, String outcome, int exit) {
        return new Row(side, variant).label("outcome", outcome).metric("exit_code", exit);
    }

    /** POSIX: a JVM child killed by signal N exits with 128 + N. Windows: NTSTATUS codes. */
    static String signalName(int exit) {
        if (isWindows()) {
            return switch (exit) {
                case 0xC0000005 -> "EXCEPTION_ACCESS_VIOLATION (0xC0000005)";
                case 0xC00000FD -> "EXCEPTION_STACK_OVERFLOW (0xC00000FD)";
                default -> null;
            };
        }
        return switch (exit - 128) {
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
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
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
    }

}
