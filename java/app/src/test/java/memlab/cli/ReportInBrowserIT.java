package memlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * report.html in a real browser: headless Chromium (or Chrome) renders the report MemlabJarIT wrote
 * from {@code all --quick}. The DOM the browser built must hold every lab's section, table and
 * charts ({@link ReportHtmlChecks}), and each must take room on the page: a probe script, added to
 * a copy of the page (the report itself has no script), measures every table and chart as laid
 * out. Screenshots (wide, narrow, and the whole page) are kept in target/memlab-it/screenshots
 * for a person to look at.
 *
 * <p>Runs in the browser profile ({@code ./mvnw verify -Pbrowser}, on by itself in CI), after
 * MemlabJarIT.
 */
class ReportInBrowserIT {

    /** Measures, in the rendered page, what each lab's section shows; writes it as JSON into the DOM. */
    private static final String PROBE = """
            <script>
            const box = e => { const r = e.getBoundingClientRect(); return {width: r.width, height: r.height}; };
            const sections = [...document.querySelectorAll('section.lab')].map(s => ({
              id: s.id,
              table: box(s.querySelector('table.results')),
              charts: [...s.querySelectorAll('figure.chart svg')].map(box)
            }));
            const probe = document.createElement('pre');
            probe.id = 'memlab-probe';
            probe.textContent = JSON.stringify({height: document.documentElement.scrollHeight, sections});
            document.body.appendChild(probe);
            </script>
            """;

    private static final int WIDE = 1280;
    private static final int NARROW = 420;

    @Test
    @SuppressWarnings("unchecked")
    void everyLabsSectionTableAndChartIsDrawnByARealBrowser() throws Exception {
        Path dir = MemlabJarIT.REPORT_DIR;
        Path report = dir.resolve("report.html");
        assertTrue(Files.exists(report), report + " is missing: MemlabJarIT writes it; run ./mvnw verify -Pbrowser");
        Path browser = browser().orElseGet(() -> fail("no Chromium or Chrome found to render report.html: install one"
                + " (Debian: apt-get install chromium), name it with -Dmemlab.browser=PATH, or leave out -Pbrowser"));

        Path probed = dir.resolve("report-probed.html");
        Files.writeString(probed, Files.readString(report).replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        String dom = run(browser, dir, "--window-size=" + WIDE + ",2000", "--dump-dom", probed.toUri().toString());
        Document rendered = Jsoup.parse(dom);
        ReportHtmlChecks.structure(rendered, dir);

        Map<String, Object> probe = new ObjectMapper().readValue(rendered.selectFirst("pre#memlab-probe").text(), Map.class);
        List<Map<String, Object>> sections = (List<Map<String, Object>>) probe.get("sections");
        for (Map<String, Object> section : sections) {
            Map<String, Number> table = (Map<String, Number>) section.get("table");
            assertTrue(table.get("height").doubleValue() > 40 && table.get("width").doubleValue() > 200,
                    section.get("id") + ": its table takes no room: " + table);
            for (Map<String, Number> chart : (List<Map<String, Number>>) section.get("charts")) {
                assertTrue(chart.get("width").doubleValue() >= 600 && chart.get("height").doubleValue() >= 300,
                        section.get("id") + ": a chart drawn too small: " + chart);
            }
        }

        Path shots = dir.resolveSibling("screenshots");
        Files.createDirectories(shots);
        int height = Math.min(((Number) probe.get("height")).intValue(), 16_000);
        screenshot(browser, dir, report, shots.resolve("report-top.png"), WIDE, 1400);
        screenshot(browser, dir, report, shots.resolve("report-narrow.png"), NARROW, 1400);
        screenshot(browser, dir, report, shots.resolve("report-whole.png"), WIDE, height);
    }

    /** Takes a screenshot and checks it is the size asked for and shows something, not one flat colour. */
    private static void screenshot(Path browser, Path dir, Path page, Path png, int width, int height) throws Exception {
        Files.deleteIfExists(png);
        run(browser, dir, "--window-size=" + width + "," + height, "--screenshot=" + png, page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(width, image.getWidth(), png.toString());
        assertEquals(height, image.getHeight(), png.toString());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 7) {
            for (int x = 0; x < width; x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, png + " is nearly blank: " + colours.size() + " colours");
    }

    /** Runs the browser headless on one page; returns what it wrote to stdout (the DOM, for --dump-dom). */
    private static String run(Path browser, Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--allow-file-access-from-files",
                "--user-data-dir=" + dir.resolveSibling("browser-profile")));
        command.addAll(List.of(args));
        // both streams to files: reading stdout here would block past the time limit of a browser that hangs
        Path stdout = dir.resolveSibling("browser-stdout.txt");
        Path stderr = dir.resolveSibling("browser-stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the browser did not finish in 120 s: " + command);
        }
        assertEquals(0, process.exitValue(), command + "\n" + Files.readString(stderr));
        return Files.readString(stdout);
    }

    /** -Dmemlab.browser, else Chromium or Chrome on the PATH or where their installers put them. */
    private static Optional<Path> browser() {
        String named = System.getProperty("memlab.browser");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")) {
                candidates.add(Path.of(dir, name));
            }
        }
        candidates.add(Path.of("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"));
        candidates.add(Path.of("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
