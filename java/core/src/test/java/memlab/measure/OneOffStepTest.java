package memlab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class OneOffStepTest {

    /** The heap of the check that failed CI at bb11df6 (JFR's memlab.LeakCheckRun events), run by run. */
    static final double[] JFR_STEP = {6283256, 6265176, 6265328, 6265504, 6265600, 6265688, 6377368, 6377512,
        6377608, 6377704, 6377800, 6377984, 6378080, 6378176, 6378240, 6378368, 6378664, 6378880, 6379032, 6379128};

    @Test
    void theOneStepApartIsFoundAndTheLineWithoutItIsTheCachesWarmingUp() {
        assertEquals(OptionalInt.of(6), OneOffStep.find(JFR_STEP, 8 * 256));
        assertEquals(111_680, OneOffStep.size(JFR_STEP, 6), 0);
        double[] x = new double[JFR_STEP.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        LinearFit before = LinearFit.of(x, JFR_STEP);
        LinearFit after = LinearFit.of(x, OneOffStep.without(JFR_STEP, 6));
        assertTrue(before.slopeLowerBound() > 256, "the step alone read as a leak: " + before.slopeLowerBound());
        assertTrue(after.slope() < 256 && after.slopeLowerBound() < 256, "without it: " + after);
    }

    @Test
    void aLeakInEveryRunOrEveryFewRunsHasNoOneOff() {
        double[] everyRun = new double[30];
        double[] everyFifth = new double[30];
        for (int i = 1; i < 30; i++) {
            everyRun[i] = everyRun[i - 1] + 1_044 + (i % 3) * 16;
            everyFifth[i] = everyFifth[i - 1] + (i % 5 == 0 ? 100_000 : 96);
        }
        assertTrue(OneOffStep.find(everyRun, 2048).isEmpty());
        assertTrue(OneOffStep.find(everyFifth, 2048).isEmpty(), "six steps of 100,000 B are a pattern");
    }

    @Test
    void stepsBelowTheFloorAreNeverOneOffs() {
        double[] quiet = new double[20];
        for (int i = 1; i < 20; i++) {
            quiet[i] = quiet[i - 1] + 96;
        }
        quiet[12] += 1_500; // far from steps of exactly 96, but below an 8 x 256 B floor
        for (int i = 13; i < 20; i++) {
            quiet[i] += 1_500;
        }
        assertTrue(OneOffStep.find(quiet, 2048).isEmpty());
    }
}
