package memlab.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import memlab.lab.LabResult;
import memlab.lab.Row;

/** RFC 4180 CSV: one line per row (raw numbers), and the series one line per point. */
public final class CsvReport {

    private CsvReport() {
    }

    public static String rows(LabResult result) {
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        result.rows().forEach(r -> {
            metrics.addAll(r.metrics().keySet());
            labels.addAll(r.labels().keySet());
        });
        List<String> header = new ArrayList<>(List.of("lab", "side", "variant", "outcome"));
        header.addAll(metrics);
        header.addAll(labels);
        StringBuilder out = new StringBuilder(line(header));
        for (Row row : result.rows()) {
            List<String> cells = new ArrayList<>(List.of(result.lab(), row.side().id(), row.name(),
                    row.outcome().describe()));
            metrics.forEach(m -> cells.add(text(row.metrics().get(m))));
            labels.forEach(l -> cells.add(row.labels().getOrDefault(l, "")));
            out.append(line(cells));
        }
        return out.toString();
    }

    public static String series(LabResult result) {
        Set<String> keys = new LinkedHashSet<>();
        result.rows().forEach(r -> r.series().forEach(p -> keys.addAll(p.keySet())));
        if (keys.isEmpty()) {
            return "";
        }
        List<String> header = new ArrayList<>(List.of("lab", "side", "variant"));
        header.addAll(keys);
        StringBuilder out = new StringBuilder(line(header));
        for (Row row : result.rows()) {
            for (Map<String, Number> point : row.series()) {
                List<String> cells = new ArrayList<>(List.of(result.lab(), row.side().id(), row.name()));
                keys.forEach(k -> cells.add(text(point.get(k))));
                out.append(line(cells));
            }
        }
        return out.toString();
    }

    private static String text(Number value) {
        return value == null ? "" : value.toString();
    }

    private static String line(List<String> cells) {
        return cells.stream().map(CsvReport::quote).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
