package memlab.lab;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a lab measured, ready for any report format. {@code reading} is the lab's result: one
 * or two sentences, written from the measured rows, that say what to notice, with the figures that
 * prove it. {@code machine} is what this machine's memory policy was, for the aspects the lab's
 * figures depend on (label to finding, from {@link memlab.measure.MemoryPolicy#describe}).
 */
public record LabResult(LabInfo info, String reading, Map<String, Object> params, List<Row> rows,
                        List<Chart> charts, List<Column> headline, Map<String, String> machine) {

    /** A result whose console shows every metric. */
    public LabResult(LabInfo info, String reading, Map<String, Object> params, List<Row> rows, List<Chart> charts) {
        this(info, reading, params, rows, charts, List.of());
    }

    /** A result that depends on no memory policy of the machine. */
    public LabResult(LabInfo info, String reading, Map<String, Object> params, List<Row> rows, List<Chart> charts,
                     List<Column> headline) {
        this(info, reading, params, rows, charts, headline, Map.of());
    }

    /**
     * A picture worth drawing from the rows, written as NN-lab-name.png under --out and drawn
     * inline in report.html. Its title says what to look for. Every chart draws a side in one
     * colour; the variants named as {@code leaks} are drawn solid, the others dashed or dotted.
     */
    public sealed interface Chart permits Line, Bars {
        String name();

        String title();

        /** Kinds ("malloc_no_free", "unbounded_list") that leak: solid lines, to stand apart from their fixes. */
        Set<String> leaks();
    }

    /**
     * A series value per point ({@code yKey} against {@code xKey}): one line per row that has it.
     * {@code yUnit} "bytes" is drawn in B, KiB, MiB or GiB, whichever suits the values; any other
     * unit is drawn as measured.
     * With {@code fromOwnStart}, each line is drawn as its change from its own first point:
     * processes that start at different baselines then start together at zero.
     */
    public record Line(String name, String title, String xKey, String yKey, String yUnit, boolean fromOwnStart,
                       Set<String> leaks, Set<String> only) implements Chart {

        public Line(String name, String title, String xKey, String yKey, String yUnit) {
            this(name, title, xKey, yKey, yUnit, false, Set.of(), Set.of());
        }

        /** The same chart, each line drawn as its change from its own first point. */
        public Line fromStart() {
            return new Line(name, title, xKey, yKey, yUnit, true, leaks, only);
        }

        /** The same chart, with these kinds drawn as leaks. */
        public Line leaks(String... kinds) {
            return new Line(name, title, xKey, yKey, yUnit, fromOwnStart, Set.of(kinds), only);
        }

        /**
         * The same chart, drawing only these kinds: where a side has more lines than line styles
         * tell apart (lab 14: every variant is on the heap side), a chart per comparison.
         */
        public Line only(String... kinds) {
            return new Line(name, title, xKey, yKey, yUnit, fromOwnStart, leaks, Set.of(kinds));
        }

        /** Whether this chart draws a row of this kind. */
        public boolean draws(String kind) {
            return only.isEmpty() || only.contains(kind);
        }
    }

    /** One metric per variant (in bytes), a bar each; the bars of a side share its colour. */
    public record Bars(String name, String title, Metric metric, Set<String> leaks) implements Chart {

        public Bars(String name, String title, Metric metric) {
            this(name, title, metric, Set.of());
        }

        /** The same chart, with these kinds drawn as leaks. */
        public Bars leaks(String... kinds) {
            return new Bars(name, title, metric, Set.of(kinds));
        }
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
