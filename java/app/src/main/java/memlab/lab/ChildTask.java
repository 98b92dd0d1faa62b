package memlab.lab;

import java.util.List;

/**
 * Work that runs in a child JVM of its own: with its own flags (-Xss, -Xmx, a collector, NMT),
 * a clean process to measure, or a crash that must not take memlab down. Implementations need
 * a public no-argument constructor; the child instantiates them by class name.
 */
public interface ChildTask {

    Row run(VariantArgs args) throws Exception;

    /** A task that measures several things at once returns several rows; most return one. */
    default List<Row> runRows(VariantArgs args) throws Exception {
        return List.of(run(args));
    }
}
