package memlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.RepeatedTest;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;

/** The detector flags every leaky variant and passes every clean one, run after run. */
class Lab10_LeakHuntTest {

    @RepeatedTest(3)
    void everyLeakIsFlaggedAndEveryCleanLoopPasses() {
        LabResult result = LabRunner.run(new Lab10_LeakHunt(), new Params(1024, 20));
        assertEquals(6, result.rows().size());
        for (Row row : result.rows()) {
            boolean leaky = row.variant().endsWith("_leaky");
            assertEquals(leaky ? "LEAK" : "clean", row.labels().get("verdict"), row.toString());
        }
        for (String side : new String[] {"ffm", "jnr"}) {
            // the tracked allocator sees exactly the bytes each cycle forgot
            assertEquals(1024.0, result.row(side + "_leaky").metrics().get("slope_per_cycle_bytes").doubleValue(), 1e-6);
            assertEquals(0.0, result.row(side + "_clean").metrics().get("slope_per_cycle_bytes").doubleValue(), 1e-6);
        }
        double heapLeak = result.row("heap_leaky").metrics().get("slope_per_cycle_bytes").doubleValue();
        assertTrue(heapLeak > 1024 && heapLeak < 1200, "a byte[1024] and its reference per cycle: " + heapLeak);
    }
}
