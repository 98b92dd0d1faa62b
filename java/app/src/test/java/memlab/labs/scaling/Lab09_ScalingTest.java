package memlab.labs.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;

class Lab09_ScalingTest {

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab09_Scaling(), new Params(1, 4_000));
    }

    private static double perObject(String variant) {
        return result.row(variant).doubleMetric(Lab09_Scaling.PER_OBJECT);
    }

    @Test
    void memoryGrowsInAStraightLineOnEverySide() {
        for (Row row : result.rows()) {
            double r2 = row.doubleMetric(Lab09_Scaling.R_SQUARED);
            assertTrue(r2 > 0.99, row.name() + " R² " + r2);
            assertEquals(5, row.series().size(), "100, 500, 1000, 2000 and 4000 objects");
        }
    }

    @Test
    void aNativeObjectCostsExactlyItsStruct() {
        for (int landmarks : new int[] {10, 100}) {
            long struct = 8 + 16L * landmarks;
            assertEquals(struct, result.row("jnr_" + landmarks + "_landmarks").longMetric(Lab09_Scaling.STRUCT_SIZE));
            assertEquals(struct, perObject("jnr_" + landmarks + "_landmarks"), 1e-6, "tracked: exact");
            // the process allocator also carries the JVM's own threads' mallocs and frees: a few KiB of them
            // inside the 4,000-object point moves the slope by a byte or two (in the full suite, measured
            // 166.8 B for 168 B and 1,605.9 B for 1,608 B; alone, within 1 B)
            assertEquals(struct, perObject("ffm_" + landmarks + "_landmarks"), 4.0, "process allocator, quiet child");
        }
        // JNR's slopes, said in the reading ("through JNR", or "through FFM and JNR alike" when FFM's read the same)
        assertTrue(result.reading().contains(String.format("%,.1f B and %,.1f B through", perObject("jnr_10_landmarks"),
                perObject("jnr_100_landmarks"))), result.reading());
    }

    @Test
    void aHeapObjectCostsWhatJolSaysPlusItsPlaceInTheList() {
        for (int landmarks : new int[] {10, 100}) {
            Row row = result.row("heap_" + landmarks + "_landmarks");
            double jol = row.longMetric(Lab09_Scaling.JOL_PER_OBJECT);
            // the record, its array and the list's 4-byte reference (plus the list's growth)
            assertTrue(perObject(row.name()) >= jol && perObject(row.name()) < jol * 1.1 + 16, row.toString());
        }
    }
}
