package memlab.labs.cycles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;
import memlab.util.Sizes;

class Lab02_CyclesTest {

    private static final int NODES = 100_000;
    private static final int PAYLOAD = 64;

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab02_Cycles(), new Params(PAYLOAD, NODES));
    }

    @Test
    void aTracingCollectorFreesAnUnreachableRing() {
        Row g1 = result.row("heap_ring_g1");
        assertEquals(NODES, g1.longMetric(Lab02_Cycles.LEAKED_OBJECTS), "unreachable but not yet collected");
        assertEquals(0, g1.longMetric(Lab02_Cycles.AFTER_COLLECTION_OBJECTS));
        assertTrue(g1.longMetric(Lab02_Cycles.AFTER_COLLECTION) < g1.longMetric(Metrics.HELD) / 20, g1.toString());
        assertTrue(g1.longMetric(Lab02_Cycles.COLLECTIONS) >= 1);
        // a node and its payload array, with headers: at least node (16) + array (16 + payload) bytes each
        assertTrue(g1.longMetric(Metrics.HELD) >= (long) NODES * (32 + PAYLOAD), g1.toString());
    }

    @Test
    void withoutACollectorNothingIsReclaimed() {
        Row epsilon = result.row("heap_ring_epsilon");
        assertEquals(NODES, epsilon.longMetric(Lab02_Cycles.AFTER_COLLECTION_OBJECTS), epsilon.toString());
        assertTrue(epsilon.longMetric(Lab02_Cycles.AFTER_COLLECTION) >= epsilon.longMetric(Metrics.HELD) * 9 / 10);
        assertEquals(0, epsilon.longMetric(Lab02_Cycles.COLLECTIONS));
    }

    @Test
    void countedReferencesLeakTheWholeRing() {
        for (String variant : List.of("ffm_strong_ring", "jnr_strong_ring")) {
            Row ring = result.row(variant);
            assertEquals(2, ring.longMetric(Lab02_Cycles.FIRST_NODE_REFERENCES), "the caller and the last node");
            assertEquals(NODES, ring.longMetric(Lab02_Cycles.LEAKED_OBJECTS), variant);
            assertEquals(NODES, ring.longMetric(Lab02_Cycles.AFTER_COLLECTION_OBJECTS), "a JVM GC cannot free C nodes");
            assertEquals(ring.longMetric(Metrics.HELD), ring.longMetric(Lab02_Cycles.AFTER_COLLECTION));
            assertEquals(0, ring.longMetric(Metrics.HELD) % NODES, "every node the same size");
        }
        // the same leak through either binding, said once in the reading
        assertTrue(result.reading().contains(String.format("reference-counted C rings keep %,d nodes (%s) through FFM"
                + " and JNR alike", NODES, Sizes.format(result.row("ffm_strong_ring").longMetric(
                Lab02_Cycles.AFTER_COLLECTION)))), result.reading());
    }

    @Test
    void aWeakBackLinkOrABrokenCycleFreesEveryNode() {
        for (String variant : List.of("ffm_weak_back_link", "jnr_weak_back_link", "ffm_break_cycle",
                "jnr_break_cycle")) {
            Row row = result.row(variant);
            assertEquals(0, row.longMetric(Lab02_Cycles.LEAKED_OBJECTS), variant);
            assertEquals(0, row.longMetric(Lab02_Cycles.AFTER_COLLECTION), variant);
            assertEquals(row.longMetric(Metrics.HELD), row.longMetric(Metrics.PEAK), variant);
        }
        assertEquals(1, result.row("ffm_weak_back_link").longMetric(Lab02_Cycles.FIRST_NODE_REFERENCES));
    }
}
