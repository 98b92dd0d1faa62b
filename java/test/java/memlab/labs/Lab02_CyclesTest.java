package memlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;

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
        assertEquals(NODES, g1.longMetric("leaked_objects_count"), "unreachable but not yet collected");
        assertEquals(0, g1.longMetric("after_collection_objects_count"));
        assertTrue(g1.longMetric("after_collection_bytes") < g1.longMetric("held_bytes") / 20, g1.toString());
        assertTrue(g1.longMetric("collections_count") >= 1);
        // a node and its payload array, with headers: at least node (16) + array (16 + payload) bytes each
        assertTrue(g1.longMetric("held_bytes") >= (long) NODES * (32 + PAYLOAD), g1.toString());
    }

    @Test
    void withoutACollectorNothingIsReclaimed() {
        Row epsilon = result.row("heap_ring_epsilon");
        assertEquals(NODES, epsilon.longMetric("after_collection_objects_count"), epsilon.toString());
        assertTrue(epsilon.longMetric("after_collection_bytes") >= epsilon.longMetric("held_bytes") * 9 / 10);
        assertEquals(0, epsilon.longMetric("collections_count"));
    }

    @Test
    void countedReferencesLeakTheWholeRing() {
        for (String variant : List.of("ffm_strong_ring", "jnr_strong_ring")) {
            Row ring = result.row(variant);
            assertEquals(2, ring.longMetric("first_node_references_count"), "the caller and the last node");
            assertEquals(NODES, ring.longMetric("leaked_objects_count"), variant);
            assertEquals(NODES, ring.longMetric("after_collection_objects_count"), "a JVM GC cannot free C nodes");
            assertEquals(ring.longMetric("held_bytes"), ring.longMetric("after_collection_bytes"));
            assertEquals(0, ring.longMetric("held_bytes") % NODES, "every node the same size");
        }
    }

    @Test
    void aWeakBackLinkOrABrokenCycleFreesEveryNode() {
        for (String variant : List.of("ffm_weak_back_link", "jnr_weak_back_link", "ffm_break_cycle",
                "jnr_break_cycle")) {
            Row row = result.row(variant);
            assertEquals(0, row.longMetric("leaked_objects_count"), variant);
            assertEquals(0, row.longMetric("after_collection_bytes"), variant);
            assertEquals(row.longMetric("held_bytes"), row.longMetric("peak_bytes"), variant);
        }
        assertEquals(1, result.row("ffm_weak_back_link").longMetric("first_node_references_count"));
    }
}
