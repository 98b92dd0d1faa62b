package memlab.lab;

import java.util.List;
import java.util.Set;

/**
 * One experiment, run side by side on the heap and in native memory. A lab measures and
 * returns rows; it never formats output (memlab.report does) and never parses arguments
 * (memlab.cli does).
 */
public interface Lab {

    /** Short id used on the command line, e.g. "leak". */
    String id();

    /** Its number in the lab index, e.g. 5. */
    int number();

    String title();

    /** Which seed experiment it reproduces, e.g. "001 Task 3 (memory_leak_demo.py)". */
    String seed();

    /** The seed's own figure or claim, shown beside memlab's measurement. */
    String seedFigure();

    /** What the lab shows, in a few sentences for a learner. */
    String lesson();

    /** The seed's sizes: what `memlab all` runs. */
    Params defaults();

    /** Small sizes that finish in seconds (`memlab all --quick`, tests). */
    Params quick();

    /** What --count means for this lab ("iterations", "values", "nodes", ...). */
    String countName();

    /** The largest --count this lab accepts. */
    long maxCount();

    /** What --size means for this lab, or null when it takes none. */
    String sizeName();

    /** The params as this lab names them, for reports and JSON ("size_bytes", "iterations", ...). */
    java.util.Map<String, Object> describe(Params params);

    /** What the lab will hold at most with these params, checked against the budget before it runs. */
    Budget.Plan plan(Params params, Set<Side> sides);

    LabResult run(LabContext context);

    /** Pictures worth drawing from the rows' series; none by default. */
    default List<LabResult.Chart> charts() {
        return List.of();
    }

    /** Wraps measured rows with this lab's identity; {@code reading} is written from those rows. */
    default LabResult result(LabContext context, String reading, List<Row> rows) {
        return new LabResult(id(), number(), title(), seed(), seedFigure(), lesson(), reading,
                describe(context.params()), List.copyOf(rows), charts());
    }
}
