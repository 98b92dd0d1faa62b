package memlab.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import memlab.isolate.ChildJvm;
import memlab.lab.Lab;
import memlab.lab.LabRegistry;
import memlab.util.Sizes;

/**
 * How long memlab makes people wait, and how much memory its largest process takes: the test
 * command, then every lab at the seeds' sizes and at --quick sizes, each lab in a memlab process of
 * its own (where the time goes, per lab), then {@code all} and {@code all --quick} as a presenter
 * runs them. Writes benchmarks/results/run-times.md; the README's timings come from it.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package exec:exec@run-times                      # everything, about 10 1/2 minutes
 * ./mvnw -q -B -DskipTests package exec:exec@run-times -Drun-times.args="--no-tests --labs leak --out target/rt.md"
 * </pre>
 *
 * <p>Each command runs under a small wrapper JVM ({@link Probe}) that waits for it and then reads
 * {@code getrusage(RUSAGE_CHILDREN)}: its {@code ru_maxrss} is the largest resident set any one
 * process of the command reached (memlab, a child JVM, Maven's test JVM), kept by the kernel, so no
 * peak between two samples is missed. It is a maximum over processes, not their sum. Linux and
 * macOS have it; elsewhere the column says so. Runs one command at a time: timings taken while
 * something else runs are not timings.
 */
public final class RunTimes {

    private RunTimes() {
    }

    /** One command's wall time and its largest process's peak resident size (-1: unknown here). */
    record Measured(long wallNanos, long largestProcessBytes, int exitCode) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path out = Path.of("benchmarks/results/run-times.md");
        boolean tests = true;
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--no-tests" -> tests = false;
                case "--labs" -> only = List.of(args[++i].split(","));
                case "--help" -> {
                    System.out.println("usage: RunTimes [--no-tests] [--labs ID,ID] [--out FILE]");
                    return;
                }
                default -> {
                    System.err.println("memlab run-times: unknown option " + args[i] + "; try --help");
                    System.exit(2);
                }
            }
        }
        Path logs = Files.createDirectories(Path.of("target/run-times"));
        List<String> report = new ArrayList<>();
        report.add("# memlab run times");
        report.add("");
        report.add("Recorded " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))
                + " by `./mvnw -q -B -DskipTests package exec:exec@run-times`"
                + (args.length > 0 ? " with `-Drun-times.args=\"" + String.join(" ", args) + "\"`" : "") + ".");
        report.add("");
        report.add("Environment: " + environment() + ".");
        report.add("");
        report.add("Wall time, and the largest resident set size that any one process of the command reached"
                + " (memlab, one of its child JVMs, or Maven's test JVM), from `getrusage(RUSAGE_CHILDREN)` of a"
                + " wrapper process: a maximum over processes, not a sum. Each lab runs in a memlab process of"
                + " its own (`java -jar target/memlab.jar run LAB`), so the totals include one JVM start per lab"
                + " that `memlab all` pays once.");
        report.add("");

        List<String> summary = new ArrayList<>(List.of("| what | command | wall | largest process |", "|---|---|---|---|"));
        if (tests) {
            List<String> command = isWindows() ? List.of("cmd", "/c", "mvnw.cmd", "-B", "verify")
                    : List.of("./mvnw", "-B", "verify");
            Measured verify = measure(command, logs.resolve("tests.log"));
            summary.add(String.format("| tests | `%s` | %s | %s |", String.join(" ", command), duration(verify.wallNanos()),
                    size(verify.largestProcessBytes())));
        }
        String java = javaExecutable();
        List<String> perLab = new ArrayList<>(List.of(
                "| # | lab | seed sizes: wall | largest process | --quick: wall | largest process |",
                "|---|---|---|---|---|---|"));
        List<String> whereTimeGoes = new ArrayList<>(List.of(
                "| # | lab | sizes | wall | children | child start-up | child task | child tear-down | parent alone |",
                "|---|---|---|---|---|---|---|---|---|"));
        long[] wall = new long[2];
        long[] largest = {-1, -1};
        for (Lab lab : LabRegistry.all()) {
            String id = lab.info().id();
            if (!only.isEmpty() && !only.contains(id)) {
                continue;
            }
            Measured[] runs = new Measured[2];
            for (int quick = 0; quick < 2; quick++) {
                String name = id + (quick == 1 ? "-quick" : "");
                Path timings = logs.resolve(name + "-children.tsv");
                Files.deleteIfExists(timings);
                List<String> command = new ArrayList<>(List.of(java, "-D" + ChildJvm.TIMINGS_PROPERTY + "=" + timings,
                        "-jar", "target/memlab.jar", "run", id));
                if (quick == 1) {
                    command.add("--quick");
                }
                runs[quick] = measure(command, logs.resolve(name + ".log"));
                wall[quick] += runs[quick].wallNanos();
                whereTimeGoes.add(whereTimeGoes(lab, quick == 1 ? "quick" : "seed", runs[quick], timings));
                largest[quick] = Math.max(largest[quick], runs[quick].largestProcessBytes());
            }
            perLab.add(String.format("| %02d | %s | %s | %s | %s | %s |", lab.info().number(), id, duration(runs[0].wallNanos()),
                    size(runs[0].largestProcessBytes()), duration(runs[1].wallNanos()), size(runs[1].largestProcessBytes())));
        }
        if (only.isEmpty()) {
            // what a presenter types: every lab in one memlab process, one JVM start in all
            for (String quick : List.of("", "--quick")) {
                List<String> command = new ArrayList<>(List.of(java, "-jar", "target/memlab.jar", "all"));
                if (!quick.isEmpty()) {
                    command.add(quick);
                }
                Measured all = measure(command, logs.resolve("all" + quick.replace("--", "-") + ".log"));
                summary.add(String.format("| all%s | `java -jar target/memlab.jar all%s` | %s | %s |",
                        quick.isEmpty() ? ", seed sizes" : " " + quick, quick.isEmpty() ? "" : " " + quick,
                        duration(all.wallNanos()), size(all.largestProcessBytes())));
            }
        }
        summary.add(String.format("| every lab, seed sizes | `java -jar target/memlab.jar run LAB`, lab by lab | %s | %s |",
                duration(wall[0]), size(largest[0])));
        summary.add(String.format("| every lab --quick | `java -jar target/memlab.jar run LAB --quick`, lab by lab | %s | %s |",
                duration(wall[1]), size(largest[1])));
        report.addAll(summary);
        report.add("");
        report.add("## Per lab");
        report.add("");
        report.addAll(perLab);
        report.add("");
        report.add("");
        report.add("## Where the time goes");
        report.add("");
        report.add("Each child JVM's life in three parts, summed over a lab's children: start-up (from the parent"
                + " starting the process to the child's task beginning: JVM, class loading, the native library),"
                + " the task (set-up, warm-up and measurement, as the lab wrote them), and tear-down (from the task's"
                + " end to the process's exit: writing the row, JVM exit). A child that died counts only in its whole life."
                + " Children that report no time run side by side, one per core, so these sums can exceed the wall"
                + " time. \"Parent alone\" is the wall time during which no child lived: memlab's own start, work done"
                + " in the parent (lab 11's database, lab 03's own process), and waiting between children.");
        report.add("");
        report.addAll(whereTimeGoes);
        report.add("");
        report.add("Each command's output is in `target/run-times/` after a run, with every child's times in"
                + " `LAB[-quick]-children.tsv` (task, variant, start-up, task, tear-down and whole life in ms, and the start in ms since the epoch).");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, String.join("\n", report) + "\n", StandardCharsets.UTF_8);
        System.out.println("memlab run-times: wrote " + out);
    }

    /** One lab run's wall time split into its children's start-up, task and tear-down, from their timings file. */
    private static String whereTimeGoes(Lab lab, String sizes, Measured run, Path timings) throws IOException {
        long children = 0;
        long[] parts = new long[4]; // start-up, task, tear-down, whole life; ms
        List<long[]> lives = new ArrayList<>(); // [started, exited], epoch ms
        if (Files.isRegularFile(timings)) {
            for (String line : Files.readAllLines(timings, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t");
                for (int i = 0; i < parts.length; i++) {
                    parts[i] += fields[2 + i].equals("-") ? 0 : Long.parseLong(fields[2 + i]); // "-": the child died first
                }
                long started = Long.parseLong(fields[6]);
                lives.add(new long[] {started, started + Long.parseLong(fields[5])});
                children++;
            }
        }
        // children side by side overlap: the parent is alone only while none of them lives
        long parentMillis = run.wallNanos() / 1_000_000 - coveredMillis(lives);
        return String.format("| %02d | %s | %s | %s | %d | %s | %s | %s | %s |", lab.info().number(), lab.info().id(),
                sizes, duration(run.wallNanos()), children, millis(parts[0]), millis(parts[1]), millis(parts[2]),
                millis(parentMillis));
    }

    /** How long at least one of these intervals was open. */
    static long coveredMillis(List<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(interval -> interval[0]));
        long covered = 0;
        long end = Long.MIN_VALUE;
        for (long[] interval : sorted) {
            long from = Math.max(interval[0], end);
            if (interval[1] > from) {
                covered += interval[1] - from;
            }
            end = Math.max(end, interval[1]);
        }
        return covered;
    }

    private static String millis(long millis) {
        return duration(millis * 1_000_000);
    }

    /** Runs {@code command} under a {@link Probe} JVM, its output to {@code log}; fails on a non-zero exit. */
    static Measured measure(List<String> command, Path log) throws IOException, InterruptedException {
        System.err.println("memlab run-times: " + String.join(" ", command));
        List<String> probe = new ArrayList<>(List.of(
                javaExecutable(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), log.toString()));
        probe.addAll(command);
        Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
        String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the probe failed: " + answer);
        }
        long[] fields = Arrays.stream(answer.split(" ")).mapToLong(Long::parseLong).toArray();
        Measured measured = new Measured(fields[0], fields[1], (int) fields[2]);
        if (measured.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + measured.exitCode()
                    + "; see " + log);
        }
        return measured;
    }

    /**
     * Runs a command, waits for it, and prints "wall_ns largest_process_bytes exit_code": the largest
     * resident set of any process it started, waited for, from getrusage(RUSAGE_CHILDREN).
     */
    public static final class Probe {

        private Probe() {
        }

        public static void main(String[] args) throws IOException, InterruptedException {
            Path log = Path.of(args[0]);
            List<String> command = List.of(args).subList(1, args.length);
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
            int exit = process.waitFor();
            long wall = System.nanoTime() - start;
            System.out.println(wall + " " + childrenMaxResidentBytes() + " " + exit);
        }

        /** ru_maxrss of RUSAGE_CHILDREN: KiB on Linux, bytes on macOS; -1 where there is no getrusage. */
        static long childrenMaxResidentBytes() {
            Optional<MemorySegment> getrusage = Linker.nativeLinker().defaultLookup().find("getrusage");
            if (getrusage.isEmpty()) {
                return -1;
            }
            MethodHandle call = Linker.nativeLinker().downcallHandle(getrusage.get(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment usage = arena.allocate(256); // struct rusage is 144 bytes on LP64 systems
                int rusageChildren = -1;
                if ((int) call.invokeExact(rusageChildren, usage) != 0) {
                    return -1;
                }
                long maxRss = usage.get(JAVA_LONG, 32); // after ru_utime and ru_stime, two 16-byte timevals
                boolean mac = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac");
                return mac ? maxRss : maxRss * 1024;
            } catch (Throwable t) {
                return -1;
            }
        }
    }

    private static String environment() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String commit = "unknown";
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (git.waitFor() == 0) {
                commit = out;
                Process status = new ProcessBuilder("git", "status", "--porcelain").redirectErrorStream(true).start();
                boolean changed = !new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
                if (status.waitFor() == 0 && changed) {
                    commit += " with uncommitted changes";
                }
            }
        } catch (IOException e) {
            // no git: the commit stays unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return String.format("%s %s, %d cores, %s of memory, %s %s, commit %s", System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                Sizes.format(os.getTotalMemorySize()), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), commit);
    }

    private static String duration(long nanos) {
        double seconds = nanos / 1e9;
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%d min %.0f s", (long) seconds / 60, seconds % 60);
    }

    private static String size(long bytes) {
        // a goal is stated in GiB: a rounded "1.5 GiB" cannot say which side of it a process was
        return bytes < 0 ? "unknown on this OS"
                : bytes >= 1L << 30 ? String.format(Locale.ROOT, "%s (%,d MiB)", Sizes.format(bytes), bytes >> 20)
                : Sizes.format(bytes);
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static java.io.File nullDevice() {
        return new java.io.File(isWindows() ? "NUL" : "/dev/null");
    }
}
