package memlab.lab;

import java.util.List;

/**
 * Starts child JVMs for a lab (memlab.isolate implements it). A child that crashes, hangs or fails
 * comes back as a row that says how, named after the variant it ran: the parent never dies with it.
 */
public interface Children {

    /** Runs {@code task} for one variant in a child JVM started with {@code jvmFlags}; one row. */
    Row run(VariantArgs args, List<String> jvmFlags, Class<? extends ChildTask> task);

    /** The same for a task that returns several rows, each named by the child. */
    List<Row> runRows(VariantArgs args, List<String> jvmFlags, Class<? extends ChildTask> task);
}
