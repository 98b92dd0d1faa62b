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
        assertEquals(12, result.rows().size());
        for (Row row : result.rows().stream().filter(r -> r.labels().containsKey("verdict")).toList()) {
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

    @org.junit.jupiter.api.Test
    void theLifecycleAndLongRunningTablesAddUp() {
        LabResult result = LabRunner.run(new Lab10_LeakHunt(), new Params(1024, 10));
        for (String side : new String[] {"ffm", "jnr"}) {
            Row lifecycle = result.row(side + "_lifecycle");
            // 100 objects, 10 landmarks: an 800-byte index, 160-byte landmark buffers, a 20x20 matrix
            assertEquals(800, lifecycle.longMetric("create_dataset_bytes"));
            assertEquals(800, lifecycle.longMetric("load_objects_bytes"), "loading builds Java objects, not C ones");
            assertEquals(800 + 100 * 160, lifecycle.longMetric("unpack_landmarks_bytes"));
            assertEquals(800 + 100 * 160 + 20 * 20 * 8, lifecycle.longMetric("run_analysis_bytes"));
            assertEquals(800 + 20 * 20 * 8, lifecycle.longMetric("delete_objects_bytes"));
            assertEquals(0, lifecycle.longMetric("delete_dataset_bytes"));
            Row longRunning = result.row(side + "_long_running");
            // the largest run: 1000 objects of 20 landmarks
            assertEquals(1000 * 8 + 1000 * 40 * 8 + 40 * 40 * 8, longRunning.longMetric("peak_bytes"));
            assertEquals(0, longRunning.longMetric("final_current_bytes"));
        }
        Row heap = result.row("heap_lifecycle");
        assertTrue(heap.longMetric("load_objects_bytes") > heap.longMetric("create_dataset_bytes") + 30_000,
                "100 objects x 20 boxed doubles: " + heap);
        assertTrue(heap.longMetric("delete_dataset_bytes") < heap.longMetric("run_analysis_bytes") / 3, heap.toString());
        Row heapRuns = result.row("heap_long_running");
        assertTrue(heapRuns.longMetric("peak_bytes") > 10 * heapRuns.longMetric("final_current_bytes"), heapRuns.toString());
    }
}
