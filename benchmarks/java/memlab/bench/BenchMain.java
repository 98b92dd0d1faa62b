package memlab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs memlab's benchmark suite (downcalls, allocation, lab 04) through JMH and writes the results:
 * JMH's JSON, a Markdown summary with the environment, the command and the targets as ratios,
 * and two charts.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests test-compile exec:exec@bench                       # full: results in benchmarks/results
 * ./mvnw -q -B -DskipTests test-compile exec:exec@bench -Dbench.args="--smoke --out target/bench-smoke"
 * </pre>
 *
 * <p>{@code --smoke} runs every benchmark once, briefly, in one fork: it proves each still runs and
 * asserts nothing about speed. {@code --include REGEX} narrows the suite.
 */
public final class BenchMain {

    static final String SUITE = "memlab\\.bench\\.(DowncallBench|AllocationBench|Lab04_StackVsHeapBench)\\.";

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        boolean smoke = false;
        Path out = Path.of("benchmarks/results");
        String include = SUITE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(requireValue(args, ++i, "--out"));
                case "--include" -> include = requireValue(args, ++i, "--include");
                case "--help" -> {
                    System.out.println("usage: BenchMain [--smoke] [--out DIR] [--include REGEX]");
                    return;
                }
                default -> {
                    System.err.println("memlab bench: unknown option " + args[i] + "; try --help");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(out);
        Path json = out.resolve("jmh.json");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (smoke) {
            options.warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100));
        } else {
            options.warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        long began = System.nanoTime();
        Collection<RunResult> results = new Runner(options.build()).run();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

        String command = "./mvnw -q -B -DskipTests test-compile exec:exec@bench"
                + (args.length == 0 ? "" : " -Dbench.args=\"" + String.join(" ", args) + "\"");
        List<String> environment = environment();
        environment.add("run took " + seconds + " s; mode: " + (smoke
                ? "smoke (1 fork, no warm-up, 1 x 100 ms): proves each benchmark runs, measures nothing"
                : "full (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement), -prof gc"));
        BenchSummary summary = new BenchSummary(List.copyOf(results), smoke);
        Files.writeString(out.resolve("summary.md"), summary.markdown(command, environment));
        summary.writeCharts(out);
        System.out.println("memlab bench: " + results.size() + " results in " + out.toAbsolutePath());
    }

    private static String requireValue(String[] args, int index, String option) {
        if (index >= args.length) {
            System.err.println("memlab bench: " + option + " needs a value; try --help");
            System.exit(2);
        }
        return args[index];
    }

    /** What the figures depend on: the JDK, the OS, the CPU and how many cores. */
    static List<String> environment() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<String> lines = new ArrayList<>();
        lines.add("date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        lines.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        lines.add("CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available");
        lines.add(String.format(Locale.ROOT, "memory: %.1f GiB", os.getTotalMemorySize() / (double) (1L << 30)));
        return lines;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                return Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
            }
        } catch (IOException e) {
            // fall through: the model is a nicety, the arch below is always known
        }
        return System.getProperty("os.arch");
    }
}
