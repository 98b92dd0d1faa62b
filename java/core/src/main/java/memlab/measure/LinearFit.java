package memlab.measure;

/**
 * Ordinary least squares of y over x: slope, intercept, the slope's standard error and R². Used
 * for bytes per object (lab 09) and bytes per iteration (lab 10 and the JUnit leak check).
 */
public record LinearFit(double slope, double intercept, double slopeStdErr, double rSquared, int points) {

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

    /**
     * The slope's lower confidence bound, {@code z} standard errors below it. z = 3.3 is a one-sided
     * 99.95% bound for normal noise: a clean run crosses it about once in 2,000.
     */
    public double slopeLowerBound(double z) {
        return slope - z * slopeStdErr;
    }
}
