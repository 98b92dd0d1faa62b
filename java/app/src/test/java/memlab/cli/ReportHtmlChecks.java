package memlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import com.fasterxml.jackson.databind.ObjectMapper;

import memlab.lab.Lab;
import memlab.lab.LabInfo;
import memlab.lab.LabRegistry;

/**
 * What report.html must hold, checked twice: on the file as memlab wrote it (MemlabJarIT) and on
 * the DOM a real browser built from it (ReportInBrowserIT). Every count is compared with what the
 * same run wrote beside the page (each lab's JSON rows, its PNG charts), not with a fixed number.
 */
final class ReportHtmlChecks {

    /** The longest result line a lab may print: two sentences a presenter can read aloud. */
    static final int RESULT_MAX_CHARS = 360;

    private ReportHtmlChecks() {
    }

    /** report.html in {@code dir}, parsed as written. */
    static Document writtenReport(Path dir) throws IOException {
        Document written = Jsoup.parse(dir.resolve("report.html").toFile());
        structure(written, dir);
        // self-contained: nothing to fetch, no script; xmlns attributes name namespaces, they fetch nothing
        assertEquals(List.of(), written.select("script, link, iframe, img, [src]").stream().map(Element::outerHtml).toList(),
                "report.html must not load anything");
        assertTrue(written.select("[href^=http], [href^=//]").isEmpty(), "report.html links to the network");
        assertFalse(written.select("style").html().contains("url("), "styles fetch nothing");
        return written;
    }

    /** Every lab's section, in registry order, with its question, table, result, charts and data links. */
    @SuppressWarnings("unchecked")
    static void structure(Document report, Path dir) throws IOException {
        assertEquals("memlab report", report.title());
        List<Lab> labs = LabRegistry.all();
        List<Element> sections = report.select("section.lab");
        assertEquals(labs.size(), sections.size(), "one section per lab");
        assertEquals(labs.size(), report.select("nav#contents li").size(), "contents: a line per lab");
        assertNotNull(report.selectFirst("nav#contents a[href=#environment]"), "contents: the environment");
        for (int i = 0; i < labs.size(); i++) {
            LabInfo info = labs.get(i).info();
            String stem = String.format("%02d-%s", info.number(), info.id());
            Element section = sections.get(i);
            String where = "lab " + stem;
            assertEquals("lab-" + stem, section.id(), where + " in registry order");
            assertNotNull(report.selectFirst("nav#contents a[href=#lab-" + stem + "]"), where + " in the contents");
            assertTrue(section.selectFirst("h2").text().startsWith(String.format("Lab %02d — %s:", info.number(), info.id())),
                    where);
            assertEquals("Question: " + info.question(), section.selectFirst("p.question").text(), where);

            Map<String, Object> json = new ObjectMapper().readValue(dir.resolve(stem + ".json").toFile(), Map.class);
            int rows = ((List<?>) json.get("rows")).size();
            Element table = section.selectFirst("table.results");
            assertNotNull(table, where + " has a table");
            assertEquals(rows, table.select("tbody tr").size(), where + ": a table row per JSON row");
            assertTrue(table.select("th").size() >= 2, where + ": a variant and at least one figure");

            String result = section.selectFirst("p.result").text();
            assertTrue(result.startsWith("Result: ") && result.length() > "Result: ".length() + 20, where + ": " + result);
            String reading = result.substring("Result: ".length());
            assertTrue(reading.length() <= RESULT_MAX_CHARS, where + ": result longer than " + RESULT_MAX_CHARS
                    + " characters: " + reading);
            assertEquals(reading, json.get("reading"), where + ": the page's result is the JSON's");

            long pngs;
            try (Stream<Path> files = Files.list(dir)) {
                pngs = files.filter(f -> f.getFileName().toString().matches(stem + "-.+\\.png")).count();
            }
            List<Element> charts = section.select("figure.chart");
            assertEquals(pngs, charts.size(), where + ": an inline chart per PNG");
            for (Element chart : charts) {
                Element svg = chart.selectFirst("svg");
                assertNotNull(svg, where + ": chart " + chart.id() + " is an inline SVG");
                assertTrue(svg.select("path").size() >= 20, where + ": chart " + chart.id() + " has too little drawn");
                assertFalse(chart.select("figcaption").text().isBlank(), where + ": chart " + chart.id() + " has a title");
            }
            for (Element link : section.select("p.data a")) {
                assertTrue(Files.size(dir.resolve(link.attr("href"))) > 0, where + " links " + link.attr("href"));
            }
            assertEquals(1, section.select("p.data a[href=" + stem + ".json]").size(), where + " links its JSON");
        }
        Element environment = report.selectFirst("section#environment");
        assertNotNull(environment, "the environment section");
        assertTrue(environment.select("dt").eachText().containsAll(List.of("Command", "Java", "OS", "CPUs")),
                environment.text());
    }
}
