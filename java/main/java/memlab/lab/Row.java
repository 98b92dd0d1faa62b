package memlab.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's measured result: numeric metrics (names carry their unit: _bytes, _ns, _count),
 * text labels (what happened, in words), and an optional series (one point per iteration).
 */
public final class Row {

    private final Side side;
    private final String variant;
    private final Map<String, Number> metrics = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Map<String, Number>> series = new ArrayList<>();

    public Row(Side side, String variant) {
        this.side = side;
        this.variant = variant;
    }

    public Row metric(String name, Number value) {
        metrics.put(name, value);
        return this;
    }

    public Row label(String name, String value) {
        labels.put(name, value);
        return this;
    }

    public Row point(Map<String, Number> point) {
        series.add(new LinkedHashMap<>(point));
        return this;
    }

    public Side side() {
        return side;
    }

    public String variant() {
        return variant;
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

    /** A metric that must be there; a lab asking for one it did not measure is a bug. */
    public long longMetric(String name) {
        Number value = metrics.get(name);
        if (value == null) {
            throw new IllegalStateException(variant + " has no metric " + name);
        }
        return value.longValue();
    }

    @Override
    public String toString() {
        return side.id() + "/" + variant + " " + metrics + " " + labels;
    }
}
