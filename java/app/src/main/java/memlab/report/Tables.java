package memlab.report;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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

    /** The width the console table is fitted to when the terminal's is unknown. */
    public static final int DEFAULT_WIDTH = 100;

    public static String console(LabResult result) {
        return console(result, StandardCharsets.UTF_8, DEFAULT_WIDTH, false);
    }

    public static String console(LabResult result, Charset charset) {
        return console(result, charset, DEFAULT_WIDTH, false);
    }

    /**
     * The console view of a lab, fitted to {@code width} columns: its question, the lesson, the
     * seed's figure, a table of the variants with the lab's headline columns (all of them with
     * {@code allColumns}), what happened to each variant, and the result. Headline columns that
     * do not fit are left out, and the view says how to see them. What {@code charset} cannot carry
     * becomes ASCII (see {@link ConsoleText}), in the cells before they are measured, so the columns
     * stay aligned.
     */
    public static String console(LabResult result, Charset charset, int width, boolean allColumns) {
        UnaryOperator<String> text = s -> ConsoleText.fit(s, charset);
        StringBuilder out = new StringBuilder();
        // text is made ASCII (where the console needs it) before it is wrapped: "±" becomes "+/-", and longer
        out.append(wrap(text.apply(heading(result)), width, "", "  "))
                .append('\n');
        out.append(wrap(text.apply("Question: " + result.question()), width, "  ", "    ")).append('\n');
        out.append(wrap(text.apply(result.lesson()), width, "  ", "  ")).append('\n');
        out.append(wrap(text.apply("Seed " + result.seed() + ": " + result.seedFigure()), width, "  ", "    "))
                .append("\n\n");

        boolean compact = !allColumns && !result.headline().isEmpty();
        Table table = compact ? headlineTable(result) : fullTable(result);
        List<String> header = table.header().stream().map(text).toList();
        List<List<String>> cells = table.cells().stream().map(row -> row.stream().map(text).toList()).toList();
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : cells) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        int shown = compact ? columnsThatFit(widths, width) : widths.length;
        int[] shownWidths = Arrays.copyOf(widths, shown);
        int textColumns = table.textColumns();
        out.append(line(header.subList(0, shown), shownWidths, textColumns)).append('\n');
        out.append(Arrays.stream(shownWidths).mapToObj("-"::repeat).collect(Collectors.joining("  "))).append('\n');
        for (List<String> row : cells) {
            out.append(line(row.subList(0, shown), shownWidths, textColumns)).append('\n');
        }
        if (shown < widths.length) {
            int left = widths.length - shown;
            out.append(wrap("(" + left + " more column" + (left == 1 ? "" : "s") + " than fit " + width
                    + " characters: --all-columns, or --format md, json or csv)", width, "", "")).append('\n');
        } else if (compact) {
            out.append("(headline columns; every metric: --all-columns, or --format md, json or csv)\n");
        }
        StringBuilder notes = new StringBuilder();
        notes(result).forEach(note -> notes.append(wrap(text.apply(note), width, "  ", "    ")).append('\n'));
        if (!notes.isEmpty()) {
            out.append('\n').append(notes);
        }
        if (!result.machine().isEmpty()) {
            out.append('\n').append("On this machine:\n");
            result.machine().forEach((label, finding) ->
                    out.append(wrap(text.apply(label + ": " + finding), width, "  ", "    ")).append('\n'));
        }
        out.append('\n').append(wrap(text.apply("Result: " + result.reading()), width, "", "")).append('\n');
        return text.apply(out.toString());
    }

    /** "Lab 05 — leak: Memory leak: ...", as every format heads a lab. */
    static String heading(LabResult result) {
        return String.format("Lab %02d — %s: %s", result.number(), result.lab(), result.title());
    }

    /** How many columns, from the left, fit in {@code width}; the variant's name and one value at least. */
    private static int columnsThatFit(int[] widths, int width) {
        int used = widths[0];
        int shown = 1;
        while (shown < widths.length && (used + 2 + widths[shown] <= width || shown < 2)) {
            used += 2 + widths[shown];
            shown++;
        }
        return shown;
    }

    /** A table before it is laid out: its header, its cells, and how many leading columns are text. */
    record Table(List<String> header, List<List<String>> cells, int textColumns) {
    }

    /** The variant's name (its side is its first word), then each headline metric under its label. */
    static Table headlineTable(LabResult result) {
        List<String> header = new ArrayList<>(List.of("variant"));
        result.headline().forEach(column -> header.add(column.label()));
        List<String> metrics = result.headline().stream().map(column -> column.metric().name()).toList();
        return new Table(header, cells(result, metrics, row -> List.of(row.name())), 1);
    }

    /** Side, variant, then every metric any row has, under its own name. */
    static Table fullTable(LabResult result) {
        Set<String> metrics = new LinkedHashSet<>();
        result.rows().forEach(r -> metrics.addAll(r.metrics().keySet()));
        List<String> header = new ArrayList<>(List.of("side", "variant"));
        header.addAll(metrics);
        return new Table(header, cells(result, List.copyOf(metrics), row -> List.of(row.side().id(), row.name())), 2);
    }

    /** One line per row: its text cells, then each metric for people ("" where the row has none). */
    private static List<List<String>> cells(LabResult result, List<String> metrics, Function<Row, List<String>> text) {
        List<List<String>> cells = new ArrayList<>();
        for (Row row : result.rows()) {
            List<String> line = new ArrayList<>(text.apply(row));
            for (String metric : metrics) {
                line.add(Values.human(metric, row.metrics().get(metric)));
            }
            cells.add(line);
        }
        return cells;
    }

    public static String markdown(LabResult result) {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(heading(result)).append("\n\n");
        out.append(result.lesson()).append("\n\n");
        out.append("**Seed** ").append(result.seed()).append(": ").append(result.seedFigure()).append("\n\n");
        out.append("Params: ").append(result.params().entrySet().stream()
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", ")))
                .append("\n\n");
        Table table = fullTable(result);
        out.append("| ").append(String.join(" | ", table.header())).append(" |\n");
        out.append("|").append(table.header().stream().map(h -> "---").collect(Collectors.joining("|"))).append("|\n");
        for (List<String> row : table.cells()) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        String notes = notes(result).stream().map(note -> "- " + note + "\n").collect(Collectors.joining());
        if (!notes.isEmpty()) {
            out.append('\n').append(notes);
        }
        if (!result.machine().isEmpty()) {
            out.append("\nOn this machine:\n\n");
            result.machine().forEach((label, finding) -> out.append("- ").append(label).append(": ").append(finding)
                    .append('\n'));
        }
        out.append("\n**Result:** ").append(result.reading()).append('\n');
        return out.toString();
    }

    /** "variant: what happened; label value" for each row that did not finish or has labels. */
    static List<String> notes(LabResult result) {
        List<String> lines = new ArrayList<>();
        for (Row row : result.rows()) {
            List<String> notes = new ArrayList<>();
            if (!row.outcome().finished()) {
                notes.add(row.outcome().describe());
            }
            row.labels().entrySet().stream().map(Tables::note).forEach(notes::add);
            if (!notes.isEmpty()) {
                lines.add(row.name() + ": " + String.join("; ", notes));
            }
        }
        return lines;
    }

    private static String note(Map.Entry<String, String> label) {
        return label.getKey().replace('_', ' ') + " " + label.getValue();
    }

    private static String line(List<String> cells, int[] widths, int textColumns) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            // text columns left, numbers right
            out.append(pad(cell, widths[c], c >= textColumns));
            out.append(c == cells.size() - 1 ? "" : "  ");
        }
        return out.toString().stripTrailing();
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
    }

    static String wrap(String text, int width, String indent) {
        return wrap(text, width, indent, indent);
    }

    /** {@code text} in lines of at most {@code width}, the first after {@code first}, the others after {@code rest}. */
    static String wrap(String text, int width, String first, String rest) {
        StringBuilder out = new StringBuilder(first);
        int column = first.length();
        int start = first.length();
        for (String word : text.strip().split("\\s+")) {
            boolean firstWord = column == start;
            if (!firstWord && column + 1 + word.length() > width) {
                out.append('\n').append(rest);
                column = rest.length();
                start = column;
            } else if (!firstWord) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }
}
