package memlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;

class Lab09_ScalingTest {

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab09_Scaling(), new Params(1, 4_000));
    }

    private static double perObject(String variant) {
        return result.row(variant).metrics().get("per_object_bytes").doubleValue();
    }

    @Test
    void memoryGrowsInAStraightLineOnEverySide() {
        for (Row row : result.rows()) {
            double r2 = row.metrics().get("r_squared_value").doubleValue();
            assertTrue(r2 > 0.99, row.variant() + " R² " + r2);
            assertEquals(5, row.series().size(), "100, 500, 1000, 2000 and 4000 objects");
        }
    }

    @Test
    void aNativeObjectCostsExactlyItsStruct() {
        for (int landmarks : new int[] {10, 100}) {
            long struct = 8 + 16L * landmarks;
            assertEquals(struct, result.row("jnr_" + landmarks + "_landmarks").longMetric("struct_size_bytes"));
            assertEquals(struct, perObject("jnr_" + landmarks + "_landmarks"), 1e-6, "tracked: exact");
            assertEquals(struct, perObject("ffm_" + landmarks + "_landmarks"), 1.0, "process allocator, quiet child");
        }
    }

    @Test
    void aHeapObjectCostsWhatJolSaysPlusItsPlaceInTheList() {
        for (int landmarks : new int[] {10, 100}) {
            Row row = result.row("heap_" + landmarks + "_landmarks");
            double jol = row.longMetric("jol_per_object_bytes");
            // the record, its array and the list's 4-byte reference (plus the list's growth)
            assertTrue(perObject(row.variant()) >= jol && perObject(row.variant()) < jol * 1.1 + 16, row.toString());
        }
    }
}
