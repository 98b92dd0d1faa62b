package memlab.report;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import memlab.lab.LabResult;
import memlab.lab.Row;

/**
 * A lab result as text for people: the console table and Markdown. Metrics are columns;
 * labels (what happened, in words) follow the table, one line per row, so the table stays narrow.
 */
public final class Tables {

    private Tables() {
    }

    public static String console(LabResult result) {
        return console(result, StandardCharsets.UTF_8);
    }

    /**
     * The console table for a console that encodes with {@code charset}: what it cannot carry becomes
     * ASCII (see {@link ConsoleText}), in the cells before they are measured, so the columns stay aligned.
     */
    public static String console(LabResult result, Charset charset) {
        UnaryOperator<String> text = s -> ConsoleText.fit(s, charset);
        StringBuilder out = new StringBuilder();
        out.append(String.format("Lab %02d — %s: %s%n", result.number(), result.lab(), result.title()));
        out.append(wrap(result.lesson(), 100, "  ")).append('\n');
        out.append("  seed ").append(result.seed()).append(": ").append(result.seedFigure()).append("\n\n");
        List<String> header = header(result);
        List<List<String>> cells = cells(result, header).stream().map(row -> row.stream().map(text).toList()).toList();
        header = header.stream().map(text).toList();
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : cells) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.append(line(header, widths)).append('\n');
        out.append(Arrays.stream(widths).mapToObj("-"::repeat).collect(Collectors.joining("  "))).append('\n');
        for (List<String> row : cells) {
            out.append(line(row, widths)).append('\n');
        }
        String notes = notes(result, "  ");
        if (!notes.isEmpty()) {
            out.append('\n').append(notes);
        }
        out.append('\n').append(wrap("Reading: " + result.reading(), 100, "")).append('\n');
        return text.apply(out.toString());
    }

    public static String markdown(LabResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("## Lab %02d — %s: %s%n%n", result.number(), result.lab(), result.title()));
        out.append(result.lesson()).append("\n\n");
        out.append("**Seed** ").append(result.seed()).append(": ").append(result.seedFigure()).append("\n\n");
        out.append("Params: ").append(result.params().entrySet().stream()
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", ")))
                .append("\n\n");
        List<String> header = header(result);
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append(header.stream().map(h -> "---").collect(Collectors.joining("|"))).append("|\n");
        for (List<String> row : cells(result, header)) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        String notes = notes(result, "- ");
        if (!notes.isEmpty()) {
            out.append('\n').append(notes);
        }
        out.append("\n**Reading:** ").append(result.reading()).append('\n');
        return out.toString();
    }

    private static List<String> header(LabResult result) {
        Set<String> metrics = new LinkedHashSet<>();
        result.rows().forEach(r -> metrics.addAll(r.metrics().keySet()));
        List<String> header = new ArrayList<>(List.of("side", "variant"));
        header.addAll(metrics);
        return header;
    }

    private static List<List<String>> cells(LabResult result, List<String> header) {
        List<List<String>> cells = new ArrayList<>();
        for (Row row : result.rows()) {
            List<String> line = new ArrayList<>(List.of(row.side().id(), row.name()));
            for (String metric : header.subList(2, header.size())) {
                line.add(Values.human(metric, row.metrics().get(metric)));
            }
            cells.add(line);
        }
        return cells;
    }

    private static String notes(LabResult result, String prefix) {
        StringBuilder out = new StringBuilder();
        for (Row row : result.rows()) {
            List<String> notes = new ArrayList<>();
            if (!row.outcome().finished()) {
                notes.add(row.outcome().describe());
            }
            row.labels().entrySet().stream().map(Tables::note).forEach(notes::add);
            if (!notes.isEmpty()) {
                out.append(prefix).append(row.name()).append(": ").append(String.join("; ", notes)).append('\n');
            }
        }
        return out.toString();
    }

    private static String note(Map.Entry<String, String> label) {
        return label.getKey().replace('_', ' ') + " " + label.getValue();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            // text columns left, numbers right
            out.append(c < 2 ? pad(cell, widths[c], false) : pad(cell, widths[c], true));
            out.append(c == cells.size() - 1 ? "" : "  ");
        }
        return out.toString().stripTrailing();
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
    }

    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder(indent);
        int column = indent.length();
        for (String word : text.split(" ")) {
            if (column + word.length() > width && column > indent.length()) {
                out.append('\n').append(indent);
                column = indent.length();
            } else if (column > indent.length()) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }
}
