package memlab.lab;

import java.util.List;
import java.util.Map;

/**
 * Everything a lab measured, ready for any report format. {@code reading} is one sentence,
 * written from the measured rows, that tells a learner what the table says.
 */
public record LabResult(LabInfo info, String reading, Map<String, Object> params, List<Row> rows,
                        List<Chart> charts, List<Column> headline) {

    /** A result whose console shows every metric. */
    public LabResult(LabInfo info, String reading, Map<String, Object> params, List<Row> rows, List<Chart> charts) {
        this(info, reading, params, rows, charts, List.of());
    }

    /** A picture worth drawing from the rows, written as NN-lab-name.png under --out. */
    public sealed interface Chart permits Line, Bars {
        String name();

        String title();
    }

    /** A series value per point ({@code yKey} against {@code xKey}): one line per row that has it. */
    public record Line(String name, String title, String xKey, String yKey, String yUnit) implements Chart {
    }

    /** Metrics side by side per variant, one bar group per row, in MiB. */
    public record Bars(String name, String title, List<Metric> metrics) implements Chart {
    }

    public String lab() {
        return info.id();
    }

    public int number() {
        return info.number();
    }

    public String title() {
        return info.title();
    }

    public String seed() {
        return info.seed();
    }

    public String seedFigure() {
        return info.seedFigure();
    }

    public String question() {
        return info.question();
    }

    public String lesson() {
        return info.lesson();
    }

    public Row row(Variant variant) {
        return row(variant.name());
    }

    /** The row of a variant, by name ("ffm_malloc_no_free"). */
    public Row row(String variant) {
        return rows.stream().filter(r -> r.name().equals(variant)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no row " + variant + " in lab " + lab()));
    }
}
