package memlab.report;

import java.util.Locale;

import memlab.util.Sizes;

/** Formats a metric for people by the unit its name ends with; JSON and CSV keep raw numbers. */
final class Values {

    private Values() {
    }

    static String human(String metric, Number value) {
        if (value == null) {
            return "";
        }
        if (metric.endsWith("_address")) {
            return String.format(Locale.ROOT, "0x%016x", value.longValue());
        }
        if (metric.endsWith("_bytes")) {
            return Sizes.format(value.longValue());
        }
        if (metric.endsWith("_ns")) {
            return duration(value.doubleValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return String.format(Locale.ROOT, "%.3f", value.doubleValue());
        }
        return String.format(Locale.ROOT, "%,d", value.longValue());
    }

    private static String duration(double ns) {
        if (Math.abs(ns) < 1_000) {
            return String.format(Locale.ROOT, "%.1f ns", ns);
        }
        if (Math.abs(ns) < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        if (Math.abs(ns) < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }
}
