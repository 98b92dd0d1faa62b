package memlab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns JMH's results into what a reader wants: tables in ns per operation, the issue's targets as
 * ratios of two measurements from the same run, and charts. Nothing here is a figure of its own:
 * every number is a JMH score or a ratio of two.
 */
final class BenchSummary {

    static final List<String> CALLS = List.of("Noop", "Add", "Buffer");
    static final List<String> BINDINGS = List.of("ffm", "ffmCritical", "jnr", "jni", "cLoop");
    static final List<String> ALLOCATORS = List.of("cLoopMallocFree", "cLoopTrackedMallocFree", "mallocFree",
            "trackedMallocFree", "confinedArena",
            "slicingAllocator", "autoArena", "directByteBuffer", "heapByteArray");
    static final List<Long> SIZES = List.of(16L, 256L, 4096L, 1L << 20);

    /** One benchmark's figure: its score and error (ns/op) and, with -prof gc, heap bytes per op. */
    record Score(double nanos, double error, double allocatedBytes) {
    }

    private final Map<String, Score> scores = new LinkedHashMap<>();
    private final boolean smoke;

    BenchSummary(List<RunResult> results, boolean smoke) {
        this.smoke = smoke;
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String bytes = result.getParams().getParam("bytes");
            Result<?> primary = result.getPrimaryResult();
            double allocated = result.getSecondaryResults().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
            scores.put(bytes == null ? name : name + "@" + bytes,
                    new Score(primary.getScore(), primary.getScoreError(), allocated));
        }
    }

    Score score(String key) {
        return scores.get(key);
    }

    String markdown(String command, List<String> environment) {
        StringBuilder md = new StringBuilder("# memlab benchmarks\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        environment.forEach(line -> md.append("- ").append(line).append('\n'));
        if (smoke) {
            md.append("\nSmoke run: every benchmark ran once, briefly. These numbers are not measurements.\n");
        }

        md.append("\n## Downcalls, ns per call (± 99.9% error)\n\n| call | ")
                .append(String.join(" | ", BINDINGS)).append(" |\n|---|")
                .append("---:|".repeat(BINDINGS.size())).append('\n');
        for (String call : CALLS) {
            md.append("| ").append(call.toLowerCase(Locale.ROOT)).append(" |");
            for (String binding : BINDINGS) {
                md.append(' ').append(cell(scores.get(binding + call))).append(" |");
            }
            md.append('\n');
        }
        Score heapBuffer = scores.get("ffmCriticalHeapBuffer");
        if (heapBuffer != null) {
            md.append("\nffmCritical passing a `byte[]` directly (critical(true)): ").append(cell(heapBuffer)).append(" ns\n");
        }

        md.append("\n## Allocate and release, ns per operation (heap bytes per operation from -prof gc)\n\n| mechanism |");
        SIZES.forEach(size -> md.append(' ').append(sizeName(size)).append(" |"));
        md.append("\n|---|").append("---:|".repeat(SIZES.size())).append('\n');
        for (String allocator : ALLOCATORS) {
            md.append("| ").append(allocator).append(" |");
            for (long size : SIZES) {
                Score score = scores.get(allocator + "@" + size);
                md.append(' ').append(cell(score));
                if (score != null && !Double.isNaN(score.allocatedBytes())) {
                    md.append(String.format(Locale.ROOT, " (%.0f B)", score.allocatedBytes()));
                }
                md.append(" |");
            }
            md.append('\n');
        }

        List<String> stackVsHeap = scores.keySet().stream()
                .filter(k -> k.startsWith("heap") && !k.contains("@") || k.startsWith("cStack") || k.startsWith("cMalloc"))
                .toList();
        if (!stackVsHeap.isEmpty()) {
            md.append("\n## Lab 04, stack vs heap, ns per call\n\n| benchmark | ns | heap B/op |\n|---|---:|---:|\n");
            for (String key : stackVsHeap) {
                Score score = scores.get(key);
                md.append("| ").append(key).append(" | ").append(cell(score)).append(" | ")
                        .append(Double.isNaN(score.allocatedBytes()) ? "" : String.format(Locale.ROOT, "%.0f", score.allocatedBytes()))
                        .append(" |\n");
            }
        }

        md.append("\n## Targets (ratios of two scores from this run)\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (Target target : targets()) {
            md.append("| ").append(target.goal()).append(" | ").append(target.measured()).append(" | ")
                    .append(smoke ? "not judged (smoke)" : target.verdict()).append(" |\n");
        }
        return md.toString();
    }

    /** A goal from the benchmark issue, with what this run measured against it. */
    record Target(String goal, String measured, String verdict) {
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        ratio(targets, "FFM critical add within 2x of the C-loop floor", "ffmCriticalAdd", "cLoopAdd", 2.0);
        ratio(targets, "FFM default add no slower than JNI", "ffmAdd", "jniAdd", 1.0);
        ratio(targets, "FFM default noop no slower than JNI", "ffmNoop", "jniNoop", 1.0);
        ratio(targets, "JNR add against JNI (reported)", "jnrAdd", "jniAdd", Double.NaN);
        ratio(targets, "JNR add against FFM critical (reported)", "jnrAdd", "ffmCriticalAdd", Double.NaN);
        for (long size : SIZES) {
            ratio(targets, "tracked malloc/free <= 1.2x raw malloc/free, " + sizeName(size),
                    "trackedMallocFree@" + size, "mallocFree@" + size, 1.2);
            ratio(targets, "tracked malloc/free against raw, both in a C loop (no binding), " + sizeName(size)
                    + " (reported)", "cLoopTrackedMallocFree@" + size, "cLoopMallocFree@" + size, Double.NaN);
            ratio(targets, "confined arena allocate+close against malloc/free, " + sizeName(size) + " (reported)",
                    "confinedArena@" + size, "mallocFree@" + size, Double.NaN);
        }
        Score slicing = scores.get("slicingAllocator@16");
        if (slicing != null) {
            targets.add(new Target("slicing allocator <= 5 ns per small (16 B) allocation",
                    String.format(Locale.ROOT, "%.2f ns", slicing.nanos()),
                    slicing.nanos() <= 5 ? "met" : String.format(Locale.ROOT, "missed by %.2f ns", slicing.nanos() - 5)));
        }
        return targets;
    }

    private void ratio(List<Target> targets, String goal, String measured, String against, double limit) {
        Score top = scores.get(measured);
        Score bottom = scores.get(against);
        if (top == null || bottom == null) {
            return;
        }
        double ratio = top.nanos() / bottom.nanos();
        String text = String.format(Locale.ROOT, "%s %.2f ns / %s %.2f ns = %.2fx", measured, top.nanos(), against,
                bottom.nanos(), ratio);
        // the most favourable ratio the two error bars allow: above the limit even then is a clear miss
        double bestCase = (top.nanos() - errorOf(top)) / (bottom.nanos() + errorOf(bottom));
        String verdict = Double.isNaN(limit) ? "reported"
                : ratio <= limit ? "met"
                : bestCase <= limit ? String.format(Locale.ROOT, "missed by %.0f%%, within the error bars",
                        (ratio / limit - 1) * 100)
                : String.format(Locale.ROOT, "missed by %.0f%%", (ratio / limit - 1) * 100);
        targets.add(new Target(goal, text, verdict));
    }

    private static double errorOf(Score score) {
        return Double.isNaN(score.error()) ? 0 : score.error();
    }

    void writeCharts(Path directory) throws IOException {
        CategoryChart downcalls = new CategoryChartBuilder().width(900).height(520)
                .title("Downcall cost by binding (ns per call, lower is better)").yAxisTitle("ns per call").build();
        downcalls.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        for (String binding : BINDINGS) {
            List<String> calls = new ArrayList<>();
            List<Double> nanos = new ArrayList<>();
            for (String call : CALLS) {
                Score score = scores.get(binding + call);
                if (score != null) {
                    calls.add(call.toLowerCase(Locale.ROOT));
                    nanos.add(score.nanos());
                }
            }
            if (!calls.isEmpty()) {
                downcalls.addSeries(binding, calls, nanos);
            }
        }
        if (!downcalls.getSeriesMap().isEmpty()) {
            BitmapEncoder.saveBitmap(downcalls, directory.resolve("downcalls").toString(), BitmapEncoder.BitmapFormat.PNG);
        }

        XYChart allocation = new XYChartBuilder().width(900).height(560)
                .title("Allocate + release by size (ns per operation, log-log)").xAxisTitle("bytes")
                .yAxisTitle("ns per operation").build();
        allocation.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideS);
        for (String allocator : ALLOCATORS) {
            List<Double> sizes = new ArrayList<>();
            List<Double> nanos = new ArrayList<>();
            for (long size : SIZES) {
                Score score = scores.get(allocator + "@" + size);
                if (score != null && score.nanos() > 0) {
                    sizes.add((double) size);
                    nanos.add(score.nanos());
                }
            }
            if (!sizes.isEmpty()) {
                allocation.addSeries(allocator, sizes, nanos);
            }
        }
        if (!allocation.getSeriesMap().isEmpty()) {
            BitmapEncoder.saveBitmap(allocation, directory.resolve("allocation").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static String cell(Score score) {
        if (score == null) {
            return "–";
        }
        return Double.isNaN(score.error())
                ? String.format(Locale.ROOT, "%.2f", score.nanos())
                : String.format(Locale.ROOT, "%.2f ± %.2f", score.nanos(), score.error());
    }

    private static String sizeName(long size) {
        return size >= 1 << 20 ? (size >> 20) + " MiB" : size >= 1024 ? (size >> 10) + " KiB" : size + " B";
    }
}
