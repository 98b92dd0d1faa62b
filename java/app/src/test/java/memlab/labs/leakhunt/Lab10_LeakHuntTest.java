package memlab.labs.leakhunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;

/** The detector flags every leaky variant and passes every clean one, run after run. */
class Lab10_LeakHuntTest {

    private static final Params PARAMS = new Params(1024, 20);

    /** The first run, shared: the lifecycle and long-running variants do not depend on the count. */
    private static LabResult firstRun;

    @BeforeAll
    static void runOnce() {
        firstRun = LabRunner.run(new Lab10_LeakHunt(), PARAMS);
    }

    @RepeatedTest(3)
    void everyLeakIsFlaggedAndEveryCleanLoopPasses(RepetitionInfo repetition) {
        LabResult result = repetition.getCurrentRepetition() == 1 ? firstRun : LabRunner.run(new Lab10_LeakHunt(), PARAMS);
        assertEquals(12, result.rows().size());
        for (Row row : result.rows().stream().filter(r -> r.labels().containsKey("verdict")).toList()) {
            boolean leaky = row.variant().kind().equals("leaky");
            assertEquals(leaky ? "LEAK" : "clean", row.labels().get("verdict"), row.toString());
        }
        for (String side : new String[] {"ffm", "jnr"}) {
            // the tracked allocator sees exactly the bytes each cycle forgot
            assertEquals(1024.0, result.row(side + "_leaky").doubleMetric(Lab10_LeakHunt.SLOPE), 1e-6);
            assertEquals(0.0, result.row(side + "_clean").doubleMetric(Lab10_LeakHunt.SLOPE), 1e-6);
        }
        double heapLeak = result.row("heap_leaky").doubleMetric(Lab10_LeakHunt.SLOPE);
        assertTrue(heapLeak > 1024 && heapLeak < 1200, "a byte[1024] and its reference per cycle: " + heapLeak);
        assertTrue(result.reading().contains(String.format("flags every leaky loop (heap %+,d B, %+,d B through FFM and"
                + " JNR alike)", Math.round(heapLeak), 1024)), result.reading());
    }

    @Test
    void theLifecycleAndLongRunningTablesAddUp() {
        LabResult result = firstRun;
        for (String side : new String[] {"ffm", "jnr"}) {
            Row lifecycle = result.row(side + "_lifecycle");
            // 100 objects, 10 landmarks: an 800-byte index, 160-byte landmark buffers, a 20x20 matrix
            assertEquals(800, lifecycle.longMetric(Lab10_LeakHunt.CREATE_DATASET));
            assertEquals(800, lifecycle.longMetric(Lab10_LeakHunt.LOAD_OBJECTS), "loading builds Java objects, not C ones");
            assertEquals(800 + 100 * 160, lifecycle.longMetric(Lab10_LeakHunt.UNPACK_LANDMARKS));
            assertEquals(800 + 100 * 160 + 20 * 20 * 8, lifecycle.longMetric(Lab10_LeakHunt.RUN_ANALYSIS));
            assertEquals(800 + 20 * 20 * 8, lifecycle.longMetric(Lab10_LeakHunt.DELETE_OBJECTS));
            assertEquals(0, lifecycle.longMetric(Lab10_LeakHunt.DELETE_DATASET));
            Row longRunning = result.row(side + "_long_running");
            // the largest run: 1000 objects of 20 landmarks
            assertEquals(1000 * 8 + 1000 * 40 * 8 + 40 * 40 * 8, longRunning.longMetric(Metrics.PEAK));
            assertEquals(0, longRunning.longMetric(Lab10_LeakHunt.FINAL_CURRENT));
        }
        Row heap = result.row("heap_lifecycle");
        assertTrue(heap.longMetric(Lab10_LeakHunt.LOAD_OBJECTS) > heap.longMetric(Lab10_LeakHunt.CREATE_DATASET) + 30_000,
                "100 objects x 20 boxed doubles: " + heap);
        assertTrue(heap.longMetric(Lab10_LeakHunt.DELETE_DATASET) < heap.longMetric(Lab10_LeakHunt.RUN_ANALYSIS) / 3,
                heap.toString());
        Row heapRuns = result.row("heap_long_running");
        assertTrue(heapRuns.longMetric(Metrics.PEAK) > 10 * heapRuns.longMetric(Lab10_LeakHunt.FINAL_CURRENT),
                heapRuns.toString());
    }
}
