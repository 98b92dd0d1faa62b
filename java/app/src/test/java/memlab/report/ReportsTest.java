package memlab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import memlab.lab.Column;
import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Outcome;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.util.Sizes;
import memlab.util.UsageException;

class ReportsTest {

    private static final LabInfo DEMO = LabInfo.lab(99, "demo").title("Demo").seed("seed", "figure")
            .question("question?").lesson("lesson").count("count", "things", 10).size("size_bytes", "bytes")
            .defaults(1, 1).quick(1, 1).build();

    private static LabResult sample() {
        Row row = new Row(new Variant(Side.FFM, "x")).metric(Metrics.HELD, 104_857_600L).metric(Metrics.ELAPSED, 1_500_000L)
                .label("note", "a, \"quoted\" note");
        Row killed = new Row(new Variant(Side.JNR, "y")).outcome(new Outcome.Killed("SIGSEGV", 11))
                .metric(Metrics.EXIT_CODE, 1);
        return new LabResult(DEMO, "reading", java.util.Map.of("size_bytes", 1), List.of(row, killed), List.of());
    }

    @Test
    void tablesShowUnitsForPeople() {
        String table = Tables.console(sample());
        assertTrue(table.contains("100.0 MiB"), table);
        assertTrue(table.contains("1.5 ms"), table);
        assertTrue(Tables.markdown(sample()).contains("| ffm | ffm_x | 100.0 MiB | 1.5 ms |"));
    }

    @Test
    void theConsoleShowsTheHeadlineColumnsAndFitsTheWidthItIsGiven() {
        List<Row> rows = List.of(
                new Row(new Variant(Side.HEAP, "a_rather_long_variant_name_that_takes_room"))
                        .metric(Metrics.HELD, 1L << 20).metric(Metrics.RSS_DELTA, 2L << 20).metric(Metrics.PEAK, 3L << 20)
                        .metric(Metrics.TRACKED_LIVE, 4L << 20).metric(Metrics.ELAPSED, 5_000_000L)
                        .label("note", "a long note ".repeat(20)),
                new Row(new Variant(Side.FFM, "short")).metric(Metrics.HELD, 0L));
        List<Column> headline = List.of(Column.of(Metrics.HELD, "held"), Column.of(Metrics.RSS_DELTA, "RSS +"),
                Column.of(Metrics.PEAK, "peak"), Column.of(Metrics.TRACKED_LIVE, "tracked"),
                Column.of(Metrics.ELAPSED, "took"));
        LabResult result = new LabResult(DEMO, "a reading that goes on ".repeat(10), java.util.Map.of(), rows, List.of(),
                headline);

        String wide = Tables.console(result, StandardCharsets.UTF_8, 120, false);
        assertTrue(wide.contains("  Question: question?"), wide);
        assertTrue(wide.lines().anyMatch(l -> l.matches("variant +held +RSS \\+ +peak +tracked +took")), wide);
        assertTrue(wide.contains("(headline columns; every metric: --all-columns"), wide);
        assertTrue(wide.lines().noneMatch(l -> l.contains("held_bytes")), "labels, not metric names: " + wide);

        String narrow = Tables.console(result, StandardCharsets.UTF_8, 80, false);
        assertTrue(narrow.lines().allMatch(l -> l.length() <= 80), narrow);
        assertTrue(narrow.lines().anyMatch(l -> l.matches("variant +held +RSS \\+ +peak")), narrow);
        assertTrue(narrow.contains("(2 more columns than fit 80 characters: --all-columns"), narrow);

        String all = Tables.console(result, StandardCharsets.UTF_8, 80, true);
        assertTrue(all.lines().anyMatch(l -> l.matches("side +variant +held_bytes +rss_delta_bytes +peak_bytes"
                + " +tracked_live_bytes +elapsed_ns")), "--all-columns shows every metric, however wide: " + all);
    }

    private static Row seriesRow(Side side, String kind, long... rss) {
        Row row = new Row(new Variant(side, kind));
        for (int i = 0; i < rss.length; i++) {
            row.point(Map.of("i", i, "rss_bytes", rss[i]));
        }
        return row;
    }

    private static LabResult charted(List<LabResult.Chart> charts, Row... rows) {
        return new LabResult(DEMO, "reading", Map.of(), List.of(rows), charts);
    }

    @Test
    void chartsGiveEachSideOneColourDrawLeaksSolidAndStartEachLineAtZero() {
        LabResult result = charted(List.of(new LabResult.Line("rss", "RSS", "i", "rss_bytes", "B").fromStart()
                        .leaks("unbounded_list", "malloc_no_free")),
                seriesRow(Side.HEAP, "unbounded_list", 100, 110, 120), seriesRow(Side.HEAP, "bounded_cache", 50, 55, 55),
                seriesRow(Side.FFM, "malloc_no_free", 900, 910, 920), seriesRow(Side.FFM, "malloc_free", 900, 900, 900));
        XYChart chart = (XYChart) Charts.draw(result).getFirst().chart();
        Map<String, XYSeries> series = chart.getSeriesMap();
        assertEquals(series.get("heap_unbounded_list").getLineColor(), series.get("heap_bounded_cache").getLineColor());
        assertNotEquals(series.get("heap_unbounded_list").getLineColor(), series.get("ffm_malloc_no_free").getLineColor());
        assertNull(series.get("ffm_malloc_no_free").getLineStyle().getDashArray(), "a leak is solid");
        assertNotNull(series.get("ffm_malloc_free").getLineStyle().getDashArray(), "its fix is dashed");
        assertArrayEquals(new double[] {0, 10, 20}, series.get("heap_unbounded_list").getYData(), "from its own start");
        assertArrayEquals(new double[] {0, 0, 0}, series.get("ffm_malloc_free").getYData());
        assertFalse(chart.getStyler().isYAxisLogarithmic(), "zero cannot go on a log scale");
    }

    @Test
    void barsThatSpanOrdersOfMagnitudeAreDrawnOnALogScale() {
        LabResult.Bars bars = new LabResult.Bars("held", "Held", Metrics.HELD);
        LabResult wide = charted(List.of(bars), new Row(new Variant(Side.HEAP, "a")).metric(Metrics.HELD, 16L),
                new Row(new Variant(Side.FFM, "b")).metric(Metrics.HELD, 20L << 20));
        LabResult narrow = charted(List.of(bars), new Row(new Variant(Side.HEAP, "a")).metric(Metrics.HELD, 0L),
                new Row(new Variant(Side.FFM, "b")).metric(Metrics.HELD, 20L << 20));
        assertTrue(((CategoryChart) Charts.draw(wide).getFirst().chart()).getStyler().isYAxisLogarithmic());
        assertTrue(Charts.draw(wide).getFirst().svg("w-").contains("<path"), "a log scale draws");
        assertFalse(((CategoryChart) Charts.draw(narrow).getFirst().chart()).getStyler().isYAxisLogarithmic());
        assertEquals(List.of("heap", "ffm"), List.copyOf(((CategoryChart) Charts.draw(wide).getFirst().chart())
                .getSeriesMap().keySet()), "a series, and so a colour, per side");
    }

    @Test
    void theHtmlReportEscapesTextAndInlinesEachChartWithItsOwnIds() {
        LabInfo info = LabInfo.lab(99, "demo").title("Demo <b>").seed("seed", "figure & more")
                .question("Is <script>alert(1)</script> text?").lesson("lesson").count("count", "things", 10)
                .size("size_bytes", "bytes").defaults(1, 1).quick(1, 1).build();
        List<LabResult.Chart> charts = List.of(new LabResult.Line("one", "One", "i", "rss_bytes", "B"),
                new LabResult.Line("two", "Two", "i", "rss_bytes", "B"));
        LabResult result = new LabResult(info, "C leaks 1 B & the heap \"none\"", Map.of(),
                List.of(seriesRow(Side.FFM, "x", 1, 2, 3)), charts);
        String html = HtmlReport.render(List.of(new HtmlReport.LabPage(result, Charts.draw(result), List.of("99-demo.json"))),
                RunEnvironment.current("memlab run demo"));
        assertFalse(html.contains("<script>"), "text is escaped");
        assertFalse(html.contains("<?xml"), "SVG inlined without its XML prolog");
        Document page = Jsoup.parse(html);
        assertEquals("Question: Is <script>alert(1)</script> text?", page.selectFirst("#lab-99-demo p.question").text());
        assertEquals("Result: C leaks 1 B & the heap \"none\"", page.selectFirst("#lab-99-demo p.result").text());
        assertEquals(2, page.select("figure.chart svg").size());
        List<String> ids = page.select("[id]").eachAttr("id");
        assertEquals(ids.size(), Set.copyOf(ids).size(), "ids are unique across charts: " + ids);
        assertEquals(1, page.select("tr.ffm").size(), "a row marked with its side's colour");
    }

    @Test
    void textMadeAsciiForTheConsoleIsWrappedAfterwardsSoItStillFits() {
        // "±" becomes "+/-": wrapped before, a line of them would grow past the width
        Row row = new Row(new Variant(Side.HEAP, "x")).metric(Metrics.HELD, 1L).label("slope", "+5 B (±3) ".repeat(30));
        LabResult result = new LabResult(DEMO, "R² ≥ 0.99 ± 0.01 ".repeat(12), Map.of(), List.of(row), List.of());
        String ascii = Tables.console(result, StandardCharsets.US_ASCII, 80, false);
        assertTrue(ascii.lines().allMatch(l -> l.length() <= 80), ascii);
        assertTrue(ascii.contains("+/-3") && ascii.contains("R^2 >= 0.99"), ascii);
    }

    @Test
    void csvKeepsRawNumbersAndQuotes() {
        String csv = CsvReport.rows(sample());
        assertEquals("lab,side,variant,outcome,held_bytes,elapsed_ns,exit_code,note\r\n"
                + "demo,ffm,ffm_x,finished,104857600,1500000,,\"a, \"\"quoted\"\" note\"\r\n"
                + "demo,jnr,jnr_y,killed by SIGSEGV,,,1,\r\n", csv);
    }

    @Test
    void aRowThatDidNotFinishSaysHowInTheTableAndTheJson() {
        assertTrue(Tables.console(sample()).contains("jnr_y: killed by SIGSEGV"), Tables.console(sample()));
        String json = JsonReport.render(List.of(sample()));
        assertTrue(json.contains("\"status\" : \"killed\""), json);
        assertTrue(json.contains("\"signal\" : \"SIGSEGV\""), json);
        assertTrue(json.contains("\"status\" : \"finished\""), json);
    }

    @Test
    void sizesParseBinaryUnitsAndRefuseNonsense() {
        assertEquals(10L << 20, Sizes.parse("10MB"));
        assertEquals(10L << 20, Sizes.parse("10 MiB"));
        assertEquals(512L << 10, Sizes.parse("512k"));
        assertEquals(1048576, Sizes.parse("1048576"));
        assertEquals(1L << 30, Sizes.parse("1G"));
        for (String bad : List.of("", "0", "-1", "1.5MB", "ten", "10XB", "9223372036854775807K")) {
            assertThrows(UsageException.class, () -> Sizes.parse(bad), bad);
        }
        assertEquals("100.0 MiB", Sizes.format(104_857_600));
        assertEquals("512 B", Sizes.format(512));
        assertEquals("-9.1 MiB", Sizes.format(-(long) (9.1 * (1 << 20))));
    }
}
