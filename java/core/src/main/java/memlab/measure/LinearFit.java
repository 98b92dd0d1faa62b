package memlab.measure;

/**
 * Ordinary least squares of y over x: slope, intercept, the slope's standard error and R². Used
 * for bytes per object (lab 09) and bytes per iteration (lab 10 and the JUnit leak check).
 */
public record LinearFit(double slope, double intercept, double slopeStdErr, double rSquared, int points) implements Trend {

    public LinearFit {
        if (points < 3) {
            throw new IllegalArgumentException("a fit needs at least 3 points, got " + points);
        }
    }

    public static LinearFit of(double[] xs, double[] ys) {
        int n = xs.length;
        if (n != ys.length || n < 3) {
            throw new IllegalArgumentException("a fit needs at least 3 points of x and y, got " + n);
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += xs[i] / n;
            meanY += ys[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (xs[i] - meanX) * (xs[i] - meanX);
            sxy += (xs[i] - meanX) * (ys[i] - meanY);
            syy += (ys[i] - meanY) * (ys[i] - meanY);
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        double residuals = 0;
        for (int i = 0; i < n; i++) {
            double error = ys[i] - (intercept + slope * xs[i]);
            residuals += error * error;
        }
        double stdErr = Math.sqrt(residuals / (n - 2) / sxx);
        double rSquared = syy == 0 ? 1 : 1 - residuals / syy;
        return new LinearFit(slope, intercept, stdErr, rSquared, n);
    }

    /** How sure a lower bound is: noise alone puts the true slope below it once in 2,000 fits. */
    public static final double CONFIDENCE = 0.9995;

    /**
     * The slope's one-sided {@value #CONFIDENCE} lower bound: Student's t quantile for this fit's
     * points - 2 degrees of freedom, in standard errors, below the slope (12.9 of them at 5 points,
     * 3.67 at 30, toward the normal's 3.29 as points grow).
     */
    @Override
    public double slopeLowerBound() {
        return slope - StudentT.upperQuantile(1 - CONFIDENCE, points - 2) * slopeStdErr;
    }
}
