package memlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import memlab.lab.LabResult;

/**
 * Writes a run to a directory: per lab NN-id.json, NN-id.csv, NN-id-series.csv and its charts as
 * PNG; report.md with every lab's lesson, table, result and charts; and report.html, the same in
 * one self-contained page with the charts inline.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** Writes everything; returns report.html. */
    public static Path write(List<LabResult> results, Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        RunEnvironment environment = RunEnvironment.current(command);
        StringBuilder markdown = new StringBuilder("# memlab report\n\n");
        environment.facts().forEach((name, value) -> markdown.append(name).append(": ")
                .append("Command".equals(name) ? "`" + value + "`" : value).append("  \n"));
        markdown.append('\n');
        List<HtmlReport.LabPage> pages = new ArrayList<>();
        for (LabResult result : results) {
            String stem = Charts.fileStem(result);
            List<String> dataFiles = new ArrayList<>();
            write(dir, stem + ".json", JsonReport.render(List.of(result)), dataFiles);
            write(dir, stem + ".csv", CsvReport.rows(result), dataFiles);
            String series = CsvReport.series(result);
            if (!series.isEmpty()) {
                write(dir, stem + "-series.csv", series, dataFiles);
            }
            markdown.append(Tables.markdown(result)).append('\n');
            List<Charts.Drawn> charts = Charts.draw(result);
            for (Charts.Drawn chart : charts) {
                String png = stem + "-" + chart.name() + ".png";
                chart.png(dir.resolve(png));
                markdown.append("![").append(chart.title()).append("](").append(png).append(")\n\n");
            }
            pages.add(new HtmlReport.LabPage(result, charts, dataFiles));
        }
        Files.writeString(dir.resolve("report.md"), markdown.toString(), StandardCharsets.UTF_8);
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.render(pages, environment), StandardCharsets.UTF_8);
        return html;
    }

    private static void write(Path dir, String name, String text, List<String> written) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        written.add(name);
    }
}
