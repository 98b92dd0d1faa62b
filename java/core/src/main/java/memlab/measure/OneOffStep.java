package memlab.measure;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * One step of a series that stands far apart from all the others: a one-off, not growth with the
 * runs. The heap after a full GC grows by a hundred bytes a run while the JVM's caches warm, and,
 * once in a JVM, by a hundred KiB in one step when something initializes lazily (measured: +111,680
 * B between two runs of a clean check when JDK Flight Recorder's periodic events first ran, every
 * other step 64 to 296 B). A least-squares line reads that single step as thousands of bytes a run.
 * A leak steps in every run, or every few runs, so it has many such steps and none of them is
 * singled out.
 */
public final class OneOffStep {

    /** How far from the median step, in robust standard deviations (1.4826 MAD), a one-off stands. */
    static final double SPREADS = 10;

    private OneOffStep() {
    }

    /**
     * The index k of the step from sample k-1 to sample k that is the only one above the median step
     * by more than {@value #SPREADS} robust standard deviations and by more than {@code floor}; empty
     * when there is none, or more than one (then it is a pattern, not a one-off).
     */
    public static OptionalInt find(double[] samples, double floor) {
        int n = samples.length - 1;
        if (n < 5) {
            return OptionalInt.empty();
        }
        double[] steps = new double[n];
        for (int k = 1; k <= n; k++) {
            steps[k - 1] = samples[k] - samples[k - 1];
        }
        double median = median(steps);
        double[] deviations = Arrays.stream(steps).map(step -> Math.abs(step - median)).toArray();
        double threshold = Math.max(SPREADS * 1.4826 * median(deviations), floor);
        int found = -1;
        for (int k = 1; k <= n; k++) {
            if (steps[k - 1] - median > threshold) {
                if (found != -1) {
                    return OptionalInt.empty();
                }
                found = k;
            }
        }
        return found == -1 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /** The series with step k replaced by the median step: every sample from k on moves down by the difference. */
    public static double[] without(double[] samples, int k) {
        double[] steps = new double[samples.length - 1];
        for (int i = 1; i < samples.length; i++) {
            steps[i - 1] = samples[i] - samples[i - 1];
        }
        double excess = steps[k - 1] - median(steps);
        double[] adjusted = samples.clone();
        for (int i = k; i < adjusted.length; i++) {
            adjusted[i] -= excess;
        }
        return adjusted;
    }

    /** The step's size, sample k less sample k-1. */
    public static double size(double[] samples, int k) {
        return samples[k] - samples[k - 1];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
