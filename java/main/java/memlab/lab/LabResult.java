package memlab.lab;

import java.util.List;
import java.util.Map;

/**
 * Everything a lab measured, ready for any report format. {@code reading} is one sentence,
 * written from the measured rows, that tells a learner what the table says.
 */
public record LabResult(String lab, int number, String title, String seed, String seedFigure, String lesson,
                        String reading, Map<String, Object> params, List<Row> rows, List<Chart> charts) {

    /** A picture of some series metric: one line per row that has it. */
    public record Chart(String name, String title, String xKey, String yKey, String yUnit) {
    }

    public Row row(String variant) {
        return rows.stream().filter(r -> r.variant().equals(variant)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no row " + variant + " in lab " + lab));
    }
}
