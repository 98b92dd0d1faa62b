package memlab.labs.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Outcome;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;
import memlab.measure.MemoryPolicy;
import memlab.util.Sizes;

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
            throw new AssertionError(row.name() + " has no phase " + name + " in " + names);
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
            assertEquals(Outcome.FINISHED, row.outcome(), row.toString());
            assertTrue(at(row, "loaded", Lab12_Retention.APPLICATION) >= LOAD, row.name());
            String freed = row.variant().kind().equals("fragmented") ? "freed the rest" : "freed";
            assertEquals(0, at(row, freed, Lab12_Retention.APPLICATION), row.name());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void freedSmallBlocksStayResidentUntilMallocTrim() {
        for (String side : List.of("ffm", "jnr")) {
            Row row = result.row(side + "_small_blocks");
            assertTrue(row.longMetric(Lab12_Retention.RSS_LOADED) >= LOAD * 9 / 10, row.toString());
            assertTrue(row.longMetric(Lab12_Retention.RSS_AFTER_FREE) >= LOAD / 2, "glibc kept " + row);
            assertTrue(at(row, "freed", Metrics.ALLOCATOR_HELD.name()) >= LOAD / 2, row.toString());
            assertTrue(row.longMetric(Lab12_Retention.RSS_AFTER_TRIM) < LOAD / 10, "malloc_trim returned " + row);
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
                    row.longMetric(Lab12_Retention.BLOCKS_KEPT));
            assertTrue(row.longMetric(Lab12_Retention.RSS_AFTER_FREE) >= LOAD * 9 / 10, row.toString());
            // trim returns the pages with nothing live; one page in sixteen keeps a block
            long trimmed = row.longMetric(Lab12_Retention.RSS_AFTER_TRIM);
            assertTrue(trimmed > LOAD / 40 && trimmed < LOAD / 4, side + " after trim " + trimmed);
        }
    }

    /**
     * Whether a 4 MiB block is a mapping of its own is glibc's mmap threshold's to decide: by default
     * it is (the threshold starts at 128 KiB, and the lab frees no large block before it measures), and
     * free() unmaps it. With a threshold set above it in the environment (read here, as glibc reads
     * it), the blocks come from malloc's heap: free() gives back only what merges into a free top of
     * the heap, anything from all to none of it as the JVM's own blocks pin it (116.1 MiB of 128 MiB
     * kept through FFM, 54 MiB through JNR, in one policy-matrix run), and malloc_trim the rest.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void largeBlocksGoBackToTheOsAtFreeWhereTheMmapThresholdIsBelowThem() {
        long threshold = MemoryPolicy.current().mallocMmapThreshold().orElse(128 << 10);
        boolean ownMappings = threshold <= Lab12_Retention.LARGE_BLOCK_BYTES;
        for (String side : List.of("ffm", "jnr")) {
            Row row = result.row(side + "_large_blocks");
            assertTrue(row.longMetric(Lab12_Retention.RSS_LOADED) >= LOAD * 9 / 10, row.toString());
            assertTrue(row.longMetric(ownMappings ? Lab12_Retention.RSS_AFTER_FREE : Lab12_Retention.RSS_AFTER_TRIM)
                    < LOAD / 10, "mmap threshold " + threshold + ": " + row);
        }
        // the result says what the FFM row measured
        Row ffm = result.row("ffm_large_blocks");
        boolean keptAtFree = ffm.longMetric(Lab12_Retention.RSS_AFTER_FREE) > ffm.longMetric(Lab12_Retention.RSS_LOADED) / 2;
        assertTrue(result.reading().contains(keptAtFree ? "freed large blocks stay resident"
                : "large blocks leave at free()"), result.reading());
    }

    @Test
    void g1ShrinksTheCommittedHeapAfterAFullCollectionButAFixedHeapCannot() {
        String committed = Lab12_Retention.HEAP_COMMITTED;
        Row g1 = result.row("heap_g1");
        assertTrue(at(g1, "System.gc()", committed) < at(g1, "loaded", committed) / 2, g1.toString());
        Row fixed = result.row("heap_g1_fixed_heap");
        assertEquals(at(fixed, "loaded", committed), at(fixed, "System.gc()", committed));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void uncommittedHeapLeavesRssAndAFixedHeapKeepsIt() {
        Row g1 = result.row("heap_g1");
        assertTrue(g1.longMetric(Lab12_Retention.RSS_AFTER_GC) < g1.longMetric(Lab12_Retention.RSS_LOADED) / 2,
                g1.toString());
        Row fixed = result.row("heap_g1_fixed_heap");
        assertTrue(fixed.longMetric(Lab12_Retention.RSS_AFTER_GC) >= LOAD * 9 / 10, fixed.toString());
        // the reading names what the fixed heap kept ("a fixed heap kept 197.0 MiB", or "a fixed heap 197.0 MiB"
        // after another collector's "kept")
        assertTrue(result.reading().matches(".*a fixed heap (kept )?" + Pattern.quote(Sizes.format(
                fixed.longMetric(Lab12_Retention.RSS_AFTER_GC))) + ".*"), result.reading());
    }

    @Test
    void bothOrdersEndWithTheLoadOnTheBooks() {
        for (String variant : List.of("heap_g1_batches_first", "ffm_batches_first", "jnr_batches_first")) {
            Row row = result.row(variant);
            assertEquals(List.of("start", "batched job", "loaded"), phaseNames(row).subList(0, 3), variant);
            assertTrue(at(row, "batched job", Lab12_Retention.APPLICATION) < LOAD / 10, variant);
        }
    }
}
