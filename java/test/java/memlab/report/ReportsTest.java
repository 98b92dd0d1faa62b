package memlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Sizes;
import memlab.lab.UsageException;

class ReportsTest {

    private static LabResult sample() {
        Row row = new Row(Side.FFM, "ffm_x").metric("held_bytes", 104_857_600L).metric("elapsed_ns", 1_500_000L)
                .label("note", "a, \"quoted\" note");
        return new LabResult("demo", 99, "Demo", "seed", "figure", "lesson", "reading",
                java.util.Map.of("size_bytes", 1), List.of(row), List.of());
    }

    @Test
    void tablesShowUnitsForPeople() {
        String table = Tables.console(sample());
        assertTrue(table.contains("100.0 MiB"), table);
        assertTrue(table.contains("1.5 ms"), table);
        assertTrue(Tables.markdown(sample()).contains("| ffm | ffm_x | 100.0 MiB | 1.5 ms |"));
    }

    @Test
    void csvKeepsRawNumbersAndQuotes() {
        String csv = CsvReport.rows(sample());
        assertEquals("lab,side,variant,held_bytes,elapsed_ns,note\r\n"
                + "demo,ffm,ffm_x,104857600,1500000,\"a, \"\"quoted\"\" note\"\r\n", csv);
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
