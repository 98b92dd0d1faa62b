package memlab.lab;

/**
 * A measured quantity's name and unit. The name carries the unit as its suffix ({@code _bytes},
 * {@code _ns}, {@code _count}), so JSON and CSV stay self-describing; a {@link Unit#NUMBER} is a
 * plain number (an exit code, a signal number, a ratio). Define each metric once, as a constant:
 * in {@link Metrics} when several labs or the reports use it, in its lab otherwise.
 */
public record Metric(String name, Unit unit) {

    public enum Unit {
        BYTES("_bytes"), NANOS("_ns"), COUNT("_count"), NUMBER("");

        private final String suffix;

        Unit(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

    public Metric {
        if (!name.matches("[a-z0-9]+(_[a-z0-9]+)*") || !name.endsWith(unit.suffix)) {
            throw new IllegalArgumentException("metric " + name + " must be lower_snake and end in '" + unit.suffix + "'");
        }
    }

    public static Metric bytes(String name) {
        return new Metric(name, Unit.BYTES);
    }

    public static Metric nanos(String name) {
        return new Metric(name, Unit.NANOS);
    }

    public static Metric count(String name) {
        return new Metric(name, Unit.COUNT);
    }

    public static Metric number(String name) {
        return new Metric(name, Unit.NUMBER);
    }

    @Override
    public String toString() {
        return name;
    }
}
