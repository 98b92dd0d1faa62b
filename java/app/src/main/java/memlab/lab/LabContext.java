package memlab.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        return runChildren(taskName, variants(variantsOfSide), jvmFlags, task, 1);
    }

    /**
     * The same, but up to {@link #SIDE_BY_SIDE} children at a time, one per core: for variants whose
     * figures are each child's own (bytes, counts, outcomes, read by the process of itself), never
     * for one that reports a time, which a neighbour on the same cores would change, nor for one
     * whose figures wait on the JVM's own threads within a time window (lab 14's Cleaner and
     * monitor deflation). Rows come back in variant order, as from {@link #runInChildren}.
     */
    public List<Row> runSideBySide(String taskName, List<Variant> variants,
                                   Function<Variant, List<String>> jvmFlags, Class<? extends ChildTask> task) {
        return runChildren(taskName, variants, jvmFlags, task, SIDE_BY_SIDE);
    }

    /** The same as {@link #runSideBySide(String, List, Function, Class)}, for every chosen side's variants. */
    public List<Row> runSideBySide(String taskName, Function<Side, List<Variant>> variantsOfSide,
                                   Function<Variant, List<String>> jvmFlags, Class<? extends ChildTask> task) {
        return runSideBySide(taskName, variants(variantsOfSide), jvmFlags, task);
    }

    /**
     * Children that may run at once: one per core, at most four. The parent only waits, and more
     * children than cores would slow each one's start-up without ending sooner.
     */
    public static final int SIDE_BY_SIDE = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private List<Row> runChildren(String taskName, List<Variant> variants, Function<Variant, List<String>> jvmFlags,
                                  Class<? extends ChildTask> task, int atOnce) {
        // one waiting thread per child allowed at once: with one, the children run in variant order
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(atOnce, variants.size())), runnable -> {
            Thread thread = new Thread(runnable, "memlab-child-waiter");
            thread.setDaemon(true); // a child that hangs is ended by its own timeout; never keep memlab alive
            return thread;
        });
        try (Progress.Task progressTask = progress.start(taskName, variants.size())) {
            CompletionService<Row> done = new ExecutorCompletionService<>(pool);
            List<Future<Row>> futures = new ArrayList<>();
            for (Variant variant : variants) {
                List<String> flags = jvmFlags.apply(variant);
                futures.add(done.submit(() -> children.run(args(variant), flags, task)));
            }
            for (int i = 0; i < futures.size(); i++) {
                progressTask.step(done.take().get().name());
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> future : futures) {
                rows.add(future.get());
            }
            return rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for child JVMs", e);
        } catch (ExecutionException e) {
            // a child's death is a row; only the parent's own failure (no temporary directory) lands here
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
