package memlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;

import com.fasterxml.jackson.databind.ObjectMapper;

import memlab.lab.Lab;
import memlab.lab.LabInfo;
import memlab.lab.LabRegistry;
import memlab.util.TempDirs;

/**
 * The packaged jar, end to end, as users run it: {@code java -jar target/memlab.jar}. Maven's
 * failsafe runs this after {@code package} (in {@code ./mvnw verify}); each lab's own test covers its
 * mechanism at small sizes, so this is the one run of every lab together. From the jar, children
 * start with the start-up cache, as they do for users.
 */
class MemlabJarIT {

    /**
     * Where the run's report is written and kept: ReportInBrowserIT, which runs after this class
     * when a browser is there (in CI), renders it; a person can open it too.
     */
    static final Path REPORT_DIR = Path.of(System.getProperty("memlab.jar", "target/memlab.jar"))
            .resolveSibling("memlab-it").resolve("all-quick");

    /**
     * One end-to-end run of every lab, as CI and users run it: the console fitted to COLUMNS=100, the report
     * files, and (on Linux) the JSON's shape: every lab's variants in row order, with their metric
     * names, against each lab's committed expectation, java/app/src/test/resources/memlab/labs/<package>/
     * json-shape.txt. Users script against that JSON; a change to it must be deliberate. Only Linux
     * is compared: other OSes leave out, by design, what they cannot measure.
     */
    @Test
    @SuppressWarnings("unchecked")
    void allQuickWritesAReportWithEveryLabAndKeepsTheJsonShape() throws Exception {
        Path out = REPORT_DIR;
        TempDirs.deleteTree(out); // a report left from an earlier run would hide a missing file
        MemlabProcess.Result result = MemlabProcess.runJar(Map.of("COLUMNS", "100"), "all", "--quick", "--out", out.toString());
        assertEquals(0, result.exit(), result.stderr());
        // the console: every lab's heading, question and table, fitted to the 100 columns asked for
        for (Lab lab : LabRegistry.all()) {
            assertTrue(result.stdout().contains(String.format("Lab %02d — %s:", lab.info().number(), lab.info().id())),
                    lab.info().id());
        }
        assertEquals(LabRegistry.all().size(), result.stdout().lines().filter(l -> l.startsWith("  Question: ")).count());
        assertTrue(result.stdout().contains("ffm_malloc_no_free "), result.stdout());
        List<String> tooWide = result.stdout().lines().filter(line -> line.length() > 100).toList();
        assertEquals(List.of(), tooWide, "lines wider than COLUMNS=100");
        String report = Files.readString(out.resolve("report.md"));
        for (String file : List.of("01-materialize.json", "02-cycles.json", "05-leak.json", "05-leak.csv",
                "05-leak-series.csv", "05-leak-rss.png", "05-leak-tracked.png", "05-leak-heap.png", "08-arena.json",
                "08-arena.csv", "13-payload.json", "01-materialize-retained.png", "02-cycles-after-collection.png",
                "13-payload-heap-retained.png")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
            if (file.endsWith(".png")) {
                assertTrue(report.contains("](" + file + ")"), "report.md embeds " + file);
            }
        }
        for (String lab : List.of("01 — materialize", "02 — cycles", "05 — leak", "08 — arena", "13 — payload")) {
            assertTrue(report.contains("## Lab " + lab), lab);
        }
        ReportHtmlChecks.writtenReport(out);
        if (!OS.LINUX.isCurrentOs()) {
            return;
        }
        for (Lab lab : LabRegistry.all()) {
            LabInfo info = lab.info();
            Path json = out.resolve(String.format("%02d-%s.json", info.number(), info.id()));
            Map<String, Object> measured = new ObjectMapper().readValue(json.toFile(), Map.class);
            String resource = "/" + info.packageName().replace('.', '/') + "/json-shape.txt";
            try (InputStream expected = MemlabJarIT.class.getResourceAsStream(resource)) {
                assertNotNull(expected, "lab " + info.id() + " has no " + resource + " (see ADDING_A_LAB.md)");
                String text = new String(expected.readAllBytes(), StandardCharsets.UTF_8);
                List<String> expectedLines = text.lines().filter(line -> !line.startsWith("#")).toList();
                List<String> shape = shape(measured);
                if (text.contains("\n# unordered")) { // lab 03: row order is address order, which ASLR moves
                    shape = shape.stream().sorted().toList();
                }
                assertEquals(expectedLines, shape, "lab " + info.id() + ": variants or metric names changed");
            }
        }
    }

    /** "variant: metric names, sorted", one line per row in row order. */
    @SuppressWarnings("unchecked")
    private static List<String> shape(Map<String, Object> lab) {
        return ((List<Map<String, Object>>) lab.get("rows")).stream()
                .map(row -> row.get("variant") + ": " + String.join(" ",
                        new TreeSet<>(((Map<String, Object>) row.get("metrics")).keySet())))
                .toList();
    }
}
