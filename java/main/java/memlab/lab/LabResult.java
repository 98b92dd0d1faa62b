package memlab.lab;

import java.util.List;
import java.util.Map;

/**
 * Everything a lab measured, ready for any report format. {@code reading} is one sentence,
 * written from the measured rows, that tells a learner what the table says.
 */
public record LabResult(String lab, int number, String title, String seed, String seedFigure, String lesson,
                        String reading, Map<String, Object> params, List<Row> rows, List<Chart> charts) {

    /** A picture worth drawing from the rows, written as NN-lab-name.png under --out. */
    public sealed interface Chart permits Line, Bars {
        String name();

        String title();
    }

    /** A series metric per iteration: one line per row that has it. */
    public record Line(String name, String title, String xKey, String yKey, String yUnit) implements Chart {
    }

    /** Metrics side by side per variant, one bar group per row, in MiB. */
    public record Bars(String name, String title, List<String> metrics) implements Chart {
    }

    public Row row(String variant) {
        return rows.stream().filter(r -> r.variant().equals(variant)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no row " + variant + " in lab " + lab));
    }
}
