package memlab.measure;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Student's t distribution, as much of it as a fit's confidence bound needs. A slope fitted to n
 * points, divided by its standard error, follows t with n - 2 degrees of freedom when the noise is
 * normal: with few points its tail is far heavier than the normal's (the 99.95% quantile is 12.9 at
 * 3 degrees of freedom, 3.92 at 18, 3.29 for the normal), so a bound of a fixed 3.3 standard errors
 * would be crossed by noise alone once in 500 checks of 20 runs instead of once in 2,000.
 */
final class StudentT {

    /** Simpson intervals over the tail: four decimals of the quantile for every degree of freedom. */
    private static final int INTERVALS = 4096;

    private record Key(double tail, int degreesOfFreedom) {
    }

    private static final ConcurrentMap<Key, Double> QUANTILES = new ConcurrentHashMap<>();

    private StudentT() {
    }

    /** The t with P(T > t) = {@code tail}, for 0 < tail < 0.5. */
    static double upperQuantile(double tail, int degreesOfFreedom) {
        if (!(tail > 0 && tail < 0.5) || degreesOfFreedom < 1) {
            throw new IllegalArgumentException("a t quantile needs 0 < tail < 0.5 and at least 1 degree of freedom,"
                    + " got " + tail + " and " + degreesOfFreedom);
        }
        return QUANTILES.computeIfAbsent(new Key(tail, degreesOfFreedom), k -> bisect(tail, degreesOfFreedom));
    }

    private static double bisect(double tail, int degreesOfFreedom) {
        double low = 0;
        double high = 1;
        while (upperTail(high, degreesOfFreedom) > tail) {
            low = high;
            high *= 2;
        }
        for (int i = 0; i < 100 && high - low > 1e-9 * high; i++) {
            double middle = (low + high) / 2;
            if (upperTail(middle, degreesOfFreedom) > tail) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /**
     * P(T > t) for t >= 0: the density integrated from t to infinity, as the integral over u in
     * (0, 1] of density(t / u) t / u^2, which is smooth, by Simpson's rule.
     */
    static double upperTail(double t, int degreesOfFreedom) {
        if (t <= 0) {
            return 0.5;
        }
        double nu = degreesOfFreedom;
        double scale = gammaRatio(degreesOfFreedom) / Math.sqrt(nu * Math.PI); // the density at 0
        double h = 1.0 / INTERVALS;
        double sum = 0;
        for (int i = 0; i <= INTERVALS; i++) {
            double u = i * h;
            double x = u > 0 ? t / u : 0;
            double value = u > 0 ? scale * Math.pow(1 + x * x / nu, -(nu + 1) / 2) * t / (u * u)
                    : degreesOfFreedom == 1 ? 1 / (Math.PI * t) : 0; // the limit at u = 0: like u^(nu - 1)
            sum += value * (i == 0 || i == INTERVALS ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    /** Gamma((nu + 1) / 2) / Gamma(nu / 2), by Gamma(z + 1) = z Gamma(z) from nu = 1 or 2. */
    private static double gammaRatio(int degreesOfFreedom) {
        double ratio = degreesOfFreedom % 2 == 1 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
        for (long nu = degreesOfFreedom % 2 == 1 ? 3 : 4; nu <= degreesOfFreedom; nu += 2) {
            ratio *= (nu - 1.0) / (nu - 2.0);
        }
        return ratio;
    }
}
