package memlab.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** What a lab run is given: its params, the sides to run, progress, and a way to start child JVMs. */
public record LabContext(Params params, Set<Side> sides, Progress progress, Children children) {

    public boolean runs(Side side) {
        return sides.contains(side);
    }

    /** The sides this run covers, in heap, ffm, jnr order. */
    public List<Side> sidesInOrder() {
        return Arrays.stream(Side.values()).filter(this::runs).toList();
    }

    /** The variants of the sides this run covers, in side order. */
    public List<Variant> variants(Function<Side, List<Variant>> variantsOfSide) {
        return sidesInOrder().stream().flatMap(side -> variantsOfSide.apply(side).stream()).toList();
    }

    /** This run's size and count for one variant, as a child JVM receives them. */
    public VariantArgs args(Variant variant) {
        return new VariantArgs(variant, params.sizeBytes(), params.count());
    }

    /**
     * Runs every variant of every chosen side in a child JVM of its own, in order, with progress;
     * each child gets {@link VariantArgs} (the variant, this run's size and count) and the JVM flags
     * {@code jvmFlags} gives for its variant.
     */
    public List<Row> runInChildren(String taskName, Function<Side, List<Variant>> variantsOfSide,
                                   Function<Variant, List<String>> jvmFlags, Class<? extends ChildTask> task) {
        List<Variant> variants = variants(variantsOfSide);
        List<Row> rows = new ArrayList<>();
        try (Progress.Task progressTask = progress.start(taskName, variants.size())) {
            for (Variant variant : variants) {
                rows.add(children.run(args(variant), jvmFlags.apply(variant), task));
                progressTask.step(variant.name());
            }
        }
        return rows;
    }
}
