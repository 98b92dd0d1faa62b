package memlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import memlab.lab.LabResult;

/**
 * Writes a run to a directory: per lab NN-id.json, NN-id.csv, NN-id-series.csv and its charts,
 * and one report.md with every lab's lesson, table, reading and charts.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static Path write(List<LabResult> results, Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        StringBuilder report = new StringBuilder("# memlab report\n\n");
        report.append("Command: `").append(command).append("`  \n");
        report.append("Java ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append("), ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n\n");
        for (LabResult result : results) {
            String stem = Charts.fileStem(result);
            write(dir.resolve(stem + ".json"), JsonReport.render(List.of(result)));
            write(dir.resolve(stem + ".csv"), CsvReport.rows(result));
            String series = CsvReport.series(result);
            if (!series.isEmpty()) {
                write(dir.resolve(stem + "-series.csv"), series);
            }
            report.append(Tables.markdown(result)).append('\n');
            for (Path chart : Charts.write(result, dir)) {
                report.append("![").append(chart.getFileName()).append("](").append(chart.getFileName()).append(")\n\n");
            }
        }
        Path file = dir.resolve("report.md");
        write(file, report.toString());
        return file;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
