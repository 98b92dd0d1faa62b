package memlab.measure;

import java.util.Arrays;

/**
 * Bytes per run as the 20% trimmed mean of the steps from one run to the next, with the
 * Tukey-McLaughlin standard error (Wilcox's {@code trimci}). A least-squares line is pulled far by one run that is far off, and a witness
 * that reads the whole process has such runs: a block some library allocated in one run and freed
 * in the next, tens of KiB, moves every other sample by nothing. Trimmed, the fifth of the steps
 * at either end count at their neighbours' value; a leak of L bytes a run steps by L in nearly
 * every run and stands, and one that leaks every other run still shows as L/2.
 *
 * @param slope    the trimmed mean of the steps, bytes per run
 * @param slopeStdErr the winsorized steps' standard deviation over (1 - 2 x 20%) times the root of their count
 * @param steps    how many steps there were
 * @param kept     how many the trim kept
 */
public record TrimmedSteps(double slope, double slopeStdErr, int steps, int kept) implements Trend {

    /** The fraction of steps trimmed at each end. */
    public static final double TRIM = 0.2;

    /** The trimmed mean of {@code steps}; at least 5 of them. */
    public static TrimmedSteps of(double[] steps) {
        int n = steps.length;
        if (n < 5) {
            throw new IllegalArgumentException("a trimmed mean needs at least 5 steps, got " + n);
        }
        double[] sorted = steps.clone();
        Arrays.sort(sorted);
        int g = (int) Math.floor(TRIM * n);
        int h = n - 2 * g;
        double trimmed = 0;
        for (int i = g; i < n - g; i++) {
            trimmed += sorted[i] / h;
        }
        double winsorizedMean = 0;
        for (int i = 0; i < n; i++) {
            winsorizedMean += sorted[Math.clamp(i, g, n - g - 1)] / n;
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double deviation = sorted[Math.clamp(i, g, n - g - 1)] - winsorizedMean;
            squares += deviation * deviation;
        }
        // Tukey and McLaughlin (1963): s_w / ((1 - 2 trim) sqrt(n)), s_w the winsorized standard deviation
        double stdErr = Math.sqrt(squares / (n - 1)) / ((1 - 2 * TRIM) * Math.sqrt(n));
        return new TrimmedSteps(trimmed, stdErr, n, h);
    }

    /** Student's t for the kept steps less one degree of freedom, as the trimmed mean's test has it. */
    @Override
    public double slopeLowerBound() {
        return slope - StudentT.upperQuantile(1 - LinearFit.CONFIDENCE, kept - 1) * slopeStdErr;
    }
}
