package memlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import memlab.lab.LabResult;
import memlab.lab.Row;
import memlab.lab.Side;

/**
 * The charts a lab asks for, drawn once with XChart and encoded twice: PNG files under --out and
 * SVG inline in report.html. Every chart follows the same rules, so a reader learns them once:
 * a side has one colour everywhere (heap blue, FFM vermilion, JNR green: the Okabe-Ito palette,
 * which colour-blind readers tell apart too); a leak is a solid line or a full bar, and the
 * other variants of its side are dashed or dotted lines or paler bars; an axis whose values
 * span two orders of magnitude or more is logarithmic.
 */
public final class Charts {

    /** A unit to draw bytes in: the largest of B, KiB, MiB, GiB that the largest value reaches. */
    private record ByteUnit(String name, double bytes) {
        static ByteUnit fitting(Collection<Double> values) {
            double largest = values.stream().mapToDouble(Math::abs).max().orElse(0);
            List<ByteUnit> units = List.of(new ByteUnit("GiB", 0x1p30), new ByteUnit("MiB", 0x1p20),
                    new ByteUnit("KiB", 0x1p10));
            return units.stream().filter(u -> largest >= u.bytes()).findFirst().orElse(new ByteUnit("B", 1));
        }
    }

    /** Values spanning this factor or more are drawn on a log scale. */
    private static final double LOG_SCALE_SPAN = 100;

    private static final Map<Side, Color> SIDE_COLOURS = new EnumMap<>(Map.of(
            Side.HEAP, new Color(0x00, 0x72, 0xB2),
            Side.FFM, new Color(0xD5, 0x5E, 0x00),
            Side.JNR, new Color(0x00, 0x9E, 0x73)));

    /**
     * Leaks are solid; the other kinds of a chart take these dash patterns in turn. FFM's lines are
     * wider than the others: where JNR measured the same as FFM (it often does: the same C code),
     * JNR's line lies on FFM's and both colours still show.
     */
    private static final List<float[]> OTHER_DASHES = List.of(new float[] {9, 5}, new float[] {2, 4},
            new float[] {12, 4, 2, 4}, new float[] {16, 6});
    private static final List<Marker> OTHER_MARKERS = List.of(SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN);

    private Charts() {
    }

    /**
     * A coordinate to a tenth of a pixel: XChart draws every letter as its outline, and writes
     * 15 digits a point; to a tenth, the page is half the size and looks the same.
     */
    private static final Pattern TENTHS = Pattern.compile("(-?\\d+)\\.(\\d)\\d*");

    /** A chart drawn from a lab's rows, ready to encode; {@code key} says how to read it, in words. */
    public record Drawn(String name, String title, String key, Chart<?, ?> chart) {

        public void png(Path file) throws IOException {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }

        /**
         * The chart as an SVG element to place inside HTML: no XML prolog, its size set by the
         * page (viewBox kept), and its clip ids prefixed with {@code idPrefix} so that several
         * charts on one page never share an id.
         */
        public String svg(String idPrefix) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } catch (IOException e) {
                throw new IllegalStateException("writing SVG to memory failed", e);
            }
            String svg = out.toString(StandardCharsets.UTF_8);
            svg = svg.substring(svg.indexOf("<svg"));
            Matcher open = Pattern.compile("<svg[^>]*>").matcher(svg);
            open.find();
            String tag = open.group().replaceAll(" (width|height|x|y)=\"[^\"]*\"", "")
                    .replace("<svg", "<svg role=\"img\" aria-label=\"" + HtmlReport.escape(title) + "\"");
            String body = TENTHS.matcher(svg.substring(open.end())).replaceAll(m -> m.group(2).equals("0")
                    ? m.group(1) : m.group(1) + "." + m.group(2));
            return (tag + body)
                    .replace("id=\"clip", "id=\"" + idPrefix + "clip")
                    .replace("url(#clip", "url(#" + idPrefix + "clip")
                    .strip();
        }
    }

    /** Draws every chart the lab asks for that its rows can fill. */
    public static List<Drawn> draw(LabResult result) {
        System.setProperty("java.awt.headless", "true");
        List<Drawn> drawn = new ArrayList<>();
        for (LabResult.Chart spec : result.charts()) {
            Optional<Chart<?, ?>> chart = switch (spec) {
                case LabResult.Line line -> line(result, line, spec.title());
                case LabResult.Bars bars -> bars(result, bars, spec.title());
            };
            chart.ifPresent(c -> drawn.add(new Drawn(spec.name(), spec.title(), key(spec, c), c)));
        }
        return drawn;
    }

    private static Optional<Chart<?, ?>> line(LabResult result, LabResult.Line spec, String title) {
        List<String> otherKinds = otherKinds(result, spec);
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(spec.xKey()).build();
        Map<Row, List<double[]>> lines = new LinkedHashMap<>();
        List<Double> allXs = new ArrayList<>();
        List<Double> allYs = new ArrayList<>();
        for (Row row : result.rows().stream().filter(r -> spec.draws(r.variant().kind())).toList()) {
            List<double[]> points = new ArrayList<>();
            for (Map<String, Number> point : row.series()) {
                if (point.containsKey(spec.xKey()) && point.containsKey(spec.yKey())) {
                    points.add(new double[] {point.get(spec.xKey()).doubleValue(), point.get(spec.yKey()).doubleValue()});
                }
            }
            if (!points.isEmpty()) {
                double start = spec.fromOwnStart() ? points.getFirst()[1] : 0;
                points.forEach(p -> p[1] -= start);
                points.forEach(p -> allXs.add(p[0]));
                points.forEach(p -> allYs.add(p[1]));
                lines.put(row, points);
            }
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        ByteUnit unit = "bytes".equals(spec.yUnit()) ? ByteUnit.fitting(allYs) : new ByteUnit(spec.yUnit(), 1);
        for (Map.Entry<Row, List<double[]>> line : lines.entrySet()) {
            Row row = line.getKey();
            List<Double> xs = line.getValue().stream().map(p -> p[0]).toList();
            List<Double> ys = line.getValue().stream().map(p -> p[1] / unit.bytes()).toList();
            XYSeries series = chart.addSeries(row.name(), xs, ys);
            Color colour = SIDE_COLOURS.get(row.side());
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            int rank = otherKinds.indexOf(row.variant().kind()); // -1 for a leak, which needs no rank
            boolean leak = spec.leaks().contains(row.variant().kind());
            float width = (leak ? 2.5f : 1.8f) * (row.side() == Side.FFM ? 2.2f : 1f);
            series.setLineStyle(leak ? new BasicStroke(width)
                    : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    OTHER_DASHES.get(rank % OTHER_DASHES.size()), 0f));
            series.setMarker(xs.size() > 40 ? SeriesMarkers.NONE
                    : leak ? SeriesMarkers.CIRCLE : OTHER_MARKERS.get(rank % OTHER_MARKERS.size()));
        }
        boolean logY = wideSpan(allYs);
        String what = spec.yKey().replaceAll("_(bytes|us|ns|count)$", "").replace('_', ' ');
        chart.setYAxisTitle((spec.fromOwnStart() ? what + ", change from each line's start" : what)
                + " (" + unit.name() + (logY ? ", log scale" : "") + ")");
        boolean logX = wideSpan(allXs);
        if (logX) {
            chart.setXAxisTitle(spec.xKey() + " (log scale)");
        }
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setXAxisLogarithmic(logX);
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisDecimalPattern("#,##0.##");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return Optional.of(chart);
    }

    /**
     * One bar per variant that has the metric, coloured by its side: a series per side (and per
     * side's leaks), holding its own variants and nothing (no bar) at the others', drawn
     * overlapped so each variant's bar takes its whole slot.
     */
    private static Optional<Chart<?, ?>> bars(LabResult result, LabResult.Bars spec, String title) {
        List<Row> rows = result.rows().stream().filter(r -> r.has(spec.metric())).toList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Double> bytes = rows.stream().map(r -> r.doubleMetric(spec.metric())).toList();
        ByteUnit unit = ByteUnit.fitting(bytes);
        List<Double> values = bytes.stream().map(b -> b / unit.bytes()).toList();
        boolean log = wideSpan(values);
        CategoryChart chart = new CategoryChartBuilder().width(900).height(560).title(title)
                .yAxisTitle(spec.metric().name().replaceAll("_bytes$", "").replace('_', ' ')
                        + " (" + unit.name() + (log ? ", log scale" : "") + ")")
                .build();
        List<String> variants = rows.stream().map(Row::name).toList();
        for (Side side : Side.values()) {
            for (boolean leak : List.of(true, false)) {
                List<Double> ofSeries = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    Row row = rows.get(i);
                    boolean inSeries = row.side() == side && spec.leaks().contains(row.variant().kind()) == leak;
                    ofSeries.add(inSeries ? values.get(i) : null);
                }
                if (ofSeries.stream().anyMatch(v -> v != null)) {
                    CategorySeries series = chart.addSeries(side.id() + (leak ? " leak" : ""), variants, ofSeries);
                    Color colour = SIDE_COLOURS.get(side);
                    // with leaks named, the other bars are paler, so the leaks stand apart
                    series.setFillColor(leak || spec.leaks().isEmpty() ? colour : paler(colour));
                }
            }
        }
        chart.getStyler().setYAxisLogarithmic(log);
        if (log) { // bars stand on zero, which a log axis cannot show: they stand on the power of ten below instead
            double smallest = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        }
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setXAxisLabelRotation(30);
        style(chart.getStyler());
        return Optional.of(chart);
    }

    /** How to read a chart: what its line styles or bar shades mean, and its scales. */
    private static String key(LabResult.Chart spec, Chart<?, ?> chart) {
        List<String> key = new ArrayList<>();
        key.add("Colour: the side (heap blue, FFM vermilion, JNR green).");
        if (spec instanceof LabResult.Line line) {
            key.add(line.leaks().isEmpty() ? "Each kind of variant has its own line style."
                    : "Solid lines leak; dashed and dotted lines are the other variants.");
            if (line.fromOwnStart()) {
                key.add("Each line is its change from its own first point.");
            }
            if (((XYChart) chart).getStyler().isYAxisLogarithmic()) {
                key.add("Log scale: values span two orders of magnitude or more.");
            }
        } else {
            if (!spec.leaks().isEmpty()) {
                key.add("Full colour: the variants that leak; pale: the others.");
            }
            if (((CategoryChart) chart).getStyler().isYAxisLogarithmic()) {
                key.add("Log scale: values span two orders of magnitude or more.");
            }
        }
        return String.join(" ", key);
    }

    /** The kinds of a chart's rows that are not leaks, in first-seen order: each gets its own line style. */
    private static List<String> otherKinds(LabResult result, LabResult.Line spec) {
        return result.rows().stream().map(r -> r.variant().kind())
                .filter(kind -> spec.draws(kind) && !spec.leaks().contains(kind)).distinct().toList();
    }

    /** True when every value is positive and the largest is at least 100 times the smallest. */
    static boolean wideSpan(Collection<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return min > 0 && max / min >= LOG_SCALE_SPAN;
    }

    /** White, quiet and readable when projected: the same look for every chart. */
    private static void style(AxesChartStyler styler) {
        styler.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setYAxisDecimalPattern("#,##0.##");
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    }

    private static Color paler(Color colour) {
        return new Color((colour.getRed() + 2 * 255) / 3, (colour.getGreen() + 2 * 255) / 3, (colour.getBlue() + 2 * 255) / 3);
    }

    static String fileStem(LabResult result) {
        return String.format("%02d-%s", result.number(), result.lab());
    }
}
