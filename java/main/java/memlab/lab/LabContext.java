package memlab.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import memlab.isolate.ChildJvm;
import memlab.isolate.ChildTask;

/** What a lab run is given: its params, the sides to run, progress, and a way to start child JVMs. */
public record LabContext(Params params, Set<Side> sides, Progress progress, ChildJvm children) {

    public boolean runs(Side side) {
        return sides.contains(side);
    }

    /** The sides this run covers, in heap, ffm, jnr order. */
    public List<Side> sidesInOrder() {
        return Arrays.stream(Side.values()).filter(this::runs).toList();
    }

    /**
     * Runs every variant of every chosen side in a child JVM of its own, in order, with progress;
     * each child gets {@link VariantArgs} (side, variant, this run's size and count) and the JVM
     * flags {@code jvmFlags} gives for its variant.
     */
    public List<Row> runInChildren(String taskName, Function<Side, List<String>> variants,
                                   Function<String, List<String>> jvmFlags, Class<? extends ChildTask> task) {
        List<Row> rows = new ArrayList<>();
        int total = sidesInOrder().stream().mapToInt(side -> variants.apply(side).size()).sum();
        try (Progress.Task progressTask = progress.start(taskName, total)) {
            for (Side side : sidesInOrder()) {
                for (String variant : variants.apply(side)) {
                    VariantArgs args = new VariantArgs(side, variant, params.sizeBytes(), params.count());
                    rows.add(children.run(side, variant, jvmFlags.apply(variant), task, args.toArgs()));
                    progressTask.step(variant);
                }
            }
        }
        return rows;
    }
}
