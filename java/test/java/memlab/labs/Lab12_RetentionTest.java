package memlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;

class Lab12_RetentionTest {

    private static final long LOAD = 96L << 20;
    private static final long BLOCK = 1024;

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab12_Retention(), new Params(LOAD, BLOCK));
    }

    /** The series point of the phase called {@code name}. */
    private static Map<String, Number> phase(Row row, String name) {
        List<String> names = phaseNames(row);
        int index = names.indexOf(name);
        if (index < 0) {
            throw new AssertionError(row.variant() + " has no phase " + name + " in " + names);
        }
        return row.series().get(index);
    }

    /** The "phases" label, "1 start, 2 loaded, ...", as names in order. */
    private static List<String> phaseNames(Row row) {
        return java.util.Arrays.stream(row.labels().get("phases").split(", "))
                .map(entry -> entry.substring(entry.indexOf(' ') + 1)).toList();
    }

    private static long at(Row row, String phase, String metric) {
        return phase(row, phase).get(metric).longValue();
    }

    @Test
    void everyVariantFinishedAndTheApplicationLetGoAtFree() {
        assertEquals(14, result.rows().size());
        for (Row row : result.rows()) {
            assertEquals("finished", row.labels().get("outcome"), row.toString());
            assertTrue(at(row, "loaded", "application_bytes") >= LOAD, row.variant());
            String freed = row.variant().endsWith("_fragmented") ? "freed the rest" : "freed";
            assertEquals(0, at(row, freed, "application_bytes"), row.variant());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void freedSmallBlocksStayResidentUntilMallocTrim() {
        for (String side : List.of("ffm", "jnr")) {
            Row row = result.row(side + "_small_blocks");
            assertTrue(row.longMetric("rss_loaded_bytes") >= LOAD * 9 / 10, row.toString());
            assertTrue(row.longMetric("rss_after_free_bytes") >= LOAD / 2, "glibc kept " + row);
            assertTrue(at(row, "freed", "allocator_held_bytes") >= LOAD / 2, row.toString());
            assertTrue(row.longMetric("rss_after_trim_bytes") < LOAD / 10, "malloc_trim returned " + row);
            assertEquals("returned memory", row.labels().get("malloc_trim"));
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void oneLiveBlockPerPagePinsThePage() {
        for (String side : List.of("ffm", "jnr")) {
            Row row = result.row(side + "_fragmented");
            long blocks = LOAD / BLOCK;
            assertEquals((blocks + Lab12_Retention.KEEP_EVERY - 1) / Lab12_Retention.KEEP_EVERY,
                    row.longMetric("blocks_kept"));
            assertTrue(row.longMetric("rss_after_free_bytes") >= LOAD * 9 / 10, row.toString());
            // trim returns the pages with nothing live; one page in sixteen keeps a block
            long trimmed = row.longMetric("rss_after_trim_bytes");
            assertTrue(trimmed > LOAD / 40 && trimmed < LOAD / 4, side + " after trim " + trimmed);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void largeBlocksGoBackToTheOsAtFree() {
        for (String side : List.of("ffm", "jnr")) {
            Row row = result.row(side + "_large_blocks");
            assertTrue(row.longMetric("rss_loaded_bytes") >= LOAD * 9 / 10, row.toString());
            assertTrue(row.longMetric("rss_after_free_bytes") < LOAD / 10, row.toString());
        }
    }

    @Test
    void g1ShrinksTheCommittedHeapAfterAFullCollectionButAFixedHeapCannot() {
        Row g1 = result.row("heap_g1");
        assertTrue(at(g1, "System.gc()", "heap_committed_bytes") < at(g1, "loaded", "heap_committed_bytes") / 2,
                g1.toString());
        Row fixed = result.row("heap_g1_fixed_heap");
        assertEquals(at(fixed, "loaded", "heap_committed_bytes"), at(fixed, "System.gc()", "heap_committed_bytes"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void uncommittedHeapLeavesRssAndAFixedHeapKeepsIt() {
        Row g1 = result.row("heap_g1");
        assertTrue(g1.longMetric("rss_after_gc_bytes") < g1.longMetric("rss_loaded_bytes") / 2, g1.toString());
        Row fixed = result.row("heap_g1_fixed_heap");
        assertTrue(fixed.longMetric("rss_after_gc_bytes") >= LOAD * 9 / 10, fixed.toString());
    }

    @Test
    void bothOrdersEndWithTheLoadOnTheBooks() {
        for (String variant : List.of("heap_g1_batches_first", "ffm_batches_first", "jnr_batches_first")) {
            Row row = result.row(variant);
            assertEquals(List.of("start", "batched job", "loaded"), phaseNames(row).subList(0, 3), variant);
            assertTrue(at(row, "batched job", "application_bytes") < LOAD / 10, variant);
        }
    }
}
