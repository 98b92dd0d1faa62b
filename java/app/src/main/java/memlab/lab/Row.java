package memlab.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's measured result: how its run ended, numeric metrics (each a {@link Metric}, whose
 * name carries its unit), text labels (what happened, in words), and an optional series (one point
 * per iteration).
 */
public final class Row {

    /**
     * The label of a child the kernel's OOM killer ended at a cgroup memory limit: "the kernel's OOM
     * killer, at a cgroup memory limit of 230.0 MiB (cgroup v1 /a/b)"; shown as "sent by ...".
     */
    public static final String OOM_KILLER = "sent_by";

    private final Variant variant;
    private Outcome outcome = Outcome.FINISHED;
    private final Map<String, Number> metrics = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Map<String, Number>> series = new ArrayList<>();

    public Row(Variant variant) {
        this.variant = variant;
    }

    public Row metric(Metric metric, Number value) {
        metrics.put(metric.name(), value);
        return this;
    }

    /** For rows read back from JSON, where a metric is its name. */
    Row metric(String name, Number value) {
        metrics.put(name, value);
        return this;
    }

    public Row label(String name, String value) {
        labels.put(name, value);
        return this;
    }

    public Row outcome(Outcome outcome) {
        this.outcome = outcome;
        return this;
    }

    public Row point(Map<String, Number> point) {
        series.add(new LinkedHashMap<>(point));
        return this;
    }

    public Variant variant() {
        return variant;
    }

    public Side side() {
        return variant.side();
    }

    /** The variant's name, "ffm_malloc_no_free". */
    public String name() {
        return variant.name();
    }

    public Outcome outcome() {
        return outcome;
    }

    public Map<String, Number> metrics() {
        return metrics;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Map<String, Number>> series() {
        return series;
    }

    public boolean has(Metric metric) {
        return metrics.containsKey(metric.name());
    }

    /** A metric that must be there; a lab asking for one it did not measure is a bug. */
    public long longMetric(Metric metric) {
        return number(metric).longValue();
    }

    public double doubleMetric(Metric metric) {
        return number(metric).doubleValue();
    }

    private Number number(Metric metric) {
        Number value = metrics.get(metric.name());
        if (value == null) {
            throw new IllegalStateException(name() + " has no metric " + metric.name() + " (" + outcome.describe() + ")");
        }
        return value;
    }

    /** A copy of this row's measurements under another variant's name. */
    public Row renamed(Variant other) {
        Row row = new Row(other).outcome(outcome);
        row.metrics.putAll(metrics);
        row.labels.putAll(labels);
        series.forEach(row::point);
        return row;
    }

    @Override
    public String toString() {
        return name() + " " + outcome.describe() + " " + metrics + " " + labels;
    }
}
