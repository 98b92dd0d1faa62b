package memlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;

/** A console without Unicode (LC_ALL=C, a Windows code page) gets plain ASCII, never '?'. */
class ConsoleTextTest {

    private static final Charset ASCII = StandardCharsets.US_ASCII;
    private static final String EVERY_SPECIAL = "Lab 05 — leak – 3 × 10 MiB → 30 MiB ≈ 31 µs μs ± 1 R² ≥ ≤ ≠ ← ⇒ … “q” ‘q’ "
            + "§3 \u00a0 ┌─┬─┐ │ ═ ╞ ▁▂▃▄▅▆▇█ ░ ✓ ✗ · • ∞ − 20°";

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    @Test
    void everySpecialCharacterBecomesAsciiWithoutQuestionMarks() {
        String fitted = ConsoleText.fit(EVERY_SPECIAL, ASCII);
        assertTrue(isAscii(fitted), fitted);
        assertFalse(fitted.contains("?"), fitted);
        assertEquals("Lab 05 -- leak - 3 x 10 MiB -> 30 MiB ~ 31 us us +/- 1 R^2 >= <= != <- => ... \"q\" 'q' "
                + "sec. 3   +-+-+ | = + _.:-=+*# # ok x . * inf - 20deg", fitted);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Lab 05 — leak       | Lab 05 -- leak",
        "seed 003 §3 (x)     | seed 003 sec. 3 (x)",
        "003 § 3             | 003 sec. 3",
        "§                   | sec.",
        "l\u00ebak           | l<U+00EB>ak",
        "💥                  | <U+1F4A5>",
        "plain ascii         | plain ascii",
    })
    void standIns(String text, String expected) {
        assertEquals(expected.strip(), ConsoleText.fit(text.strip(), ASCII));
    }

    @Test
    void aUnicodeConsoleGetsTheTextUnchanged() {
        assertSame(EVERY_SPECIAL, ConsoleText.fit(EVERY_SPECIAL, StandardCharsets.UTF_8));
        assertSame("plain", ConsoleText.fit("plain", ASCII));
    }

    @Test
    void onlyWhatTheCharsetLacksIsReplaced() {
        // Latin-1 (a Windows-like code page) has µ and × but no em dash or arrow
        assertEquals("3 × 10 µs -- a -> b", ConsoleText.fit("3 × 10 µs — a → b", StandardCharsets.ISO_8859_1));
    }

    @Test
    void aFittingPrintStreamFitsEveryWayOfPrinting() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = ConsoleText.fitting(new PrintStream(bytes, true, ASCII));
        out.println("a — b");
        out.printf("%s × %d%n", "c →", 2);
        out.print('µ');
        out.print(new char[] {'≈'});
        out.println((Object) "±");
        out.append("§1").append('—').flush();
        assertEquals("a -- b\nc -> x 2\nu~+/-\nsec. 1--", bytes.toString(ASCII).replace(System.lineSeparator(), "\n"));
        assertSame(out, ConsoleText.fitting(out), "fitted once");
    }

    private static LabResult sample() {
        LabInfo info = LabInfo.lab(99, "demo").title("Demo × 2").seed("003 §3", "figure ≈ 1")
                .question("question?").lesson("lesson → lesson").count("count", "things", 10).size("size_bytes", "bytes")
                .defaults(1, 1).quick(1, 1).build();
        Row row = new Row(new Variant(Side.FFM, "x")).metric(Metrics.HELD, 104_857_600L).label("note", "31 µs — fine");
        return new LabResult(info, "reading — C leaks 3 × 10 MiB", Map.of("size_bytes", 1), List.of(row), List.of());
    }

    @Test
    void theConsoleTableFitsTheConsoleAndMarkdownStaysUnicode() {
        String table = Tables.console(sample(), ASCII);
        assertTrue(isAscii(table), table);
        // the question's own '?' and no other: nothing became '?'
        assertEquals(Tables.console(sample()).chars().filter(c -> c == '?').count(), table.chars().filter(c -> c == '?').count(), table);
        assertTrue(table.startsWith("Lab 99 -- demo: Demo x 2"), table);
        assertTrue(table.contains("Seed 003 sec. 3: figure ~ 1"), table);
        assertTrue(table.contains("x: note 31 us -- fine"), table);
        assertEquals(Tables.console(sample()), Tables.console(sample(), StandardCharsets.UTF_8));
        assertTrue(Tables.console(sample()).startsWith("Lab 99 — demo"));
        assertTrue(Tables.markdown(sample()).contains("## Lab 99 — demo"), "files keep UTF-8");
    }

    @Test
    void jsonForAnAsciiConsoleEscapesInsteadOfReplacing() throws Exception {
        String json = JsonReport.render(List.of(sample()), ASCII);
        assertTrue(isAscii(json), json);
        assertTrue(json.contains("\\u2014"), json);
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree(JsonReport.render(List.of(sample()))), mapper.readTree(json), "the same JSON");
        assertEquals(JsonReport.render(List.of(sample())), JsonReport.render(List.of(sample()), StandardCharsets.UTF_8));
    }
}
