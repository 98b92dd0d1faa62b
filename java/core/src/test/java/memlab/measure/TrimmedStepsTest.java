package memlab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TrimmedStepsTest {

    @Test
    void matchesTheTrimmedMeanAndItsStandardErrorWorkedByHand() {
        // 1..10: two trimmed at each end, mean of 3..8 = 5.5; winsorized 3,3,3,4,5,6,7,8,8,8 has
        // squared deviations 42.5, so s_w = sqrt(42.5 / 9) and the error s_w / (0.6 sqrt(10)) = 1.14531
        TrimmedSteps steps = TrimmedSteps.of(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertEquals(5.5, steps.slope(), 1e-12);
        assertEquals(1.14531, steps.slopeStdErr(), 1e-5);
        assertEquals(10, steps.steps());
        assertEquals(6, steps.kept());
        // t for 5 degrees of freedom at 99.95%: 6.869
        assertEquals(5.5 - 6.869 * 1.14531, steps.slopeLowerBound(), 0.01);
    }

    @Test
    void aRunFarOffDoesNotMoveIt() {
        double[] leak = new double[29];
        Arrays.fill(leak, 1_040);
        leak[7] = -2_440_176; // the JVM freed 2.4 MB it had before the recording
        leak[20] = 176_160;
        TrimmedSteps steps = TrimmedSteps.of(leak);
        assertEquals(1_040, steps.slope(), 1e-9);
        assertTrue(steps.slopeLowerBound() > 1_000, "lower bound " + steps.slopeLowerBound());
    }

    @Test
    void aLeakEveryOtherRunStillShows() {
        double[] steps = new double[30];
        for (int i = 0; i < steps.length; i += 2) {
            steps[i] = 1_000;
        }
        assertEquals(500, TrimmedSteps.of(steps).slope(), 1e-9);
    }

    @Test
    void needsFiveSteps() {
        assertThrows(IllegalArgumentException.class, () -> TrimmedSteps.of(new double[] {1, 2, 3, 4}));
    }
}
