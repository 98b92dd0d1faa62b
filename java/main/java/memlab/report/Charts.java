package memlab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import memlab.lab.LabResult;
import memlab.lab.Metric;
import memlab.lab.Row;

/** PNG line charts of series metrics (XChart): one line per variant that measured the metric. */
public final class Charts {

    private static final double MIB = 1024.0 * 1024.0;

    private Charts() {
    }

    /** Writes one PNG per chart the lab asks for; returns the files written. */
    public static List<Path> write(LabResult result, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        for (LabResult.Chart spec : result.charts()) {
            String title = String.format("Lab %02d %s — %s", result.number(), result.lab(), spec.title());
            Optional<Chart<?, ?>> chart = switch (spec) {
                case LabResult.Line line -> line(result, line, title);
                case LabResult.Bars bars -> bars(result, bars, title);
            };
            if (chart.isPresent()) {
                Path file = dir.resolve(fileStem(result) + "-" + spec.name() + ".png");
                BitmapEncoder.saveBitmap(chart.get(), file.toString(), BitmapEncoder.BitmapFormat.PNG);
                written.add(file);
            }
        }
        return written;
    }

    private static Optional<Chart<?, ?>> line(LabResult result, LabResult.Line spec, String title) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title)
                .xAxisTitle(spec.xKey()).yAxisTitle(spec.yKey().replace("_bytes", "") + " (" + spec.yUnit() + ")")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setMarkerSize(5);
        for (Row row : result.rows()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Map<String, Number> point : row.series()) {
                if (point.containsKey(spec.xKey()) && point.containsKey(spec.yKey())) {
                    xs.add(point.get(spec.xKey()).doubleValue());
                    ys.add(point.get(spec.yKey()).doubleValue() / ("MiB".equals(spec.yUnit()) ? MIB : 1));
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(row.name(), xs, ys);
            }
        }
        return chart.getSeriesMap().isEmpty() ? Optional.empty() : Optional.of(chart);
    }

    private static Optional<Chart<?, ?>> bars(LabResult result, LabResult.Bars spec, String title) {
        List<Row> rows = result.rows().stream()
                .filter(r -> spec.metrics().stream().allMatch(r::has)).toList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560).title(title)
                .yAxisTitle("MiB").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLabelRotation(30);
        List<String> variants = rows.stream().map(Row::name).toList();
        for (Metric metric : spec.metrics()) {
            List<Double> values = rows.stream().map(r -> r.doubleMetric(metric) / MIB).toList();
            chart.addSeries(metric.name(), variants, values);
        }
        return Optional.of(chart);
    }

    static String fileStem(LabResult result) {
        return String.format("%02d-%s", result.number(), result.lab());
    }
}
