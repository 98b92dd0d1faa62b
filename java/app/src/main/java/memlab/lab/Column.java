package memlab.lab;

/**
 * A headline column of a lab's console table: a metric under the short label a presenter would
 * say ("held", "after GC", "RSS +"). The console shows a lab's few headline columns; every metric
 * stays in --all-columns, Markdown, JSON and CSV.
 */
public record Column(Metric metric, String label) {

    public static Column of(Metric metric, String label) {
        return new Column(metric, label);
    }
}
