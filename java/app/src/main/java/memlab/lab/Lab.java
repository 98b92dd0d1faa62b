package memlab.lab;

import java.util.List;
import java.util.Map;
import java.util.Set;

import memlab.measure.MemoryPolicy;

/**
 * One experiment, run side by side on the heap and in native memory. A lab states its facts once
 * ({@link #info()}), says how much memory it will hold ({@link #plan}), and measures
 * ({@link #run}); it never formats output (memlab.report does) and never parses arguments
 * (memlab.cli does). Each lab lives in a package of its own, {@code memlab.labs.<id>}, with its
 * native binding and its tests beside it.
 */
public interface Lab {

    /** Number, id, title, seed, question, lesson, what --count and --size mean, default and quick sizes. */
    LabInfo info();

    /** What the lab will hold at most with these params, checked against the budget before it runs. */
    Budget.Plan plan(Params params, Set<Side> sides);

    LabResult run(LabContext context);

    /**
     * The few columns the console shows, in order, each with a short label; none means every
     * metric. Choose what the audience should compare: three to five fit 100 columns.
     */
    default List<Column> headline() {
        return List.of();
    }

    /** Pictures worth drawing from the rows' series; none by default. */
    default List<LabResult.Chart> charts() {
        return List.of();
    }

    /** The params as this lab names them, for reports and JSON; {@link LabInfo#describe} by default. */
    default Map<String, Object> describe(Params params) {
        return info().describe(params);
    }

    /**
     * The parts of this machine's memory policy that the lab's figures depend on (a zero page for
     * reads, huge pages, a cgroup limit...): printed with its result, so a figure is read against the
     * policy it was measured under. None by default.
     */
    default Set<MemoryPolicy.Aspect> policies() {
        return Set.of();
    }

    /** Wraps measured rows with this lab's identity; {@code reading} is written from those rows. */
    default LabResult result(LabContext context, String reading, List<Row> rows) {
        return new LabResult(info(), reading, describe(context.params()), List.copyOf(rows), charts(), headline(),
                policies().isEmpty() ? Map.of() : MemoryPolicy.current().describe(policies()));
    }
}
