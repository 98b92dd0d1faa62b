package memlab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import memlab.lab.LabResult;
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
            XYChart chart = new XYChartBuilder().width(900).height(520)
                    .title(String.format("Lab %02d %s — %s", result.number(), result.lab(), spec.title()))
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
                    chart.addSeries(row.variant(), xs, ys);
                }
            }
            if (chart.getSeriesMap().isEmpty()) {
                continue;
            }
            Path file = dir.resolve(fileStem(result) + "-" + spec.name() + ".png");
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            written.add(file);
        }
        return written;
    }

    static String fileStem(LabResult result) {
        return String.format("%02d-%s", result.number(), result.lab());
    }
}
