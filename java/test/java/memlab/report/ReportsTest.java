package memlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

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
