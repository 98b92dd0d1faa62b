package memlab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The t quantiles the leak check's bounds use, against the published table and exact cases. */
class StudentTTest {

    /** One-sided 0.0005 (two-sided 0.001) column of the usual t table, to its three decimals. */
    @ParameterizedTest
    @CsvSource({"1, 636.619", "2, 31.599", "3, 12.924", "5, 6.869", "10, 4.587", "18, 3.922", "28, 3.674",
            "30, 3.646", "60, 3.460", "120, 3.373"})
    void theQuantileIsTheTables(int degreesOfFreedom, double table) {
        assertEquals(table, StudentT.upperQuantile(0.0005, degreesOfFreedom), 0.001 * table);
    }

    @Test
    void cauchyAndNormalAreTheTwoEnds() {
        // one degree of freedom is the Cauchy distribution: P(T > 1) = 1/4, exactly
        assertEquals(0.25, StudentT.upperTail(1, 1), 1e-9);
        // many degrees of freedom approach the normal, whose 99.95% quantile is 3.2905
        assertEquals(3.2905, StudentT.upperQuantile(0.0005, 100_000), 0.001);
    }

    @Test
    void aFitWithFewPointsHasAWideBound() {
        double[] xs = {1, 2, 3, 4, 5};
        double[] ys = {10, 21, 29, 41, 50};
        LinearFit fit = LinearFit.of(xs, ys);
        double standardErrors = (fit.slope() - fit.slopeLowerBound()) / fit.slopeStdErr();
        assertEquals(12.924, standardErrors, 0.013, "5 points: t with 3 degrees of freedom");
        assertTrue(fit.slopeLowerBound() < fit.slope());
    }
}
