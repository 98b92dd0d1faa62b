package memlab.labs.arena;

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

class Lab08_ArenaTest {

    // the lab's default: JVM noise in the process allocator (a MiB or two around a GC) stays small beside it
    private static final long SIZE = 32L << 20;

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab08_Arena(), new Params(SIZE, 1));
    }

    private static Row row(String variant) {
        Row row = result.row(variant);
        assertTrue(row.outcome().finished() || !row.has(Metrics.HELD), row.toString());
        return row;
    }

    @Test
    void eachWitnessSeesTheAllocation() {
        for (Row row : result.rows()) {
            if (row.has(Metrics.HELD)) {
                long held = row.longMetric(Metrics.HELD);
                assertTrue(held >= SIZE * 9 / 10 && held < SIZE * 2, row.toString());
            }
        }
        assertEquals(SIZE, row("ffm_malloc_free").longMetric(Metrics.HELD)); // tracked: exact
        assertEquals(SIZE, row("jnr_malloc_free").longMetric(Metrics.HELD));
        assertEquals(SIZE, row("heap_direct_byte_buffer").longMetric(Metrics.HELD)); // buffer pool: exact
        assertEquals(SIZE + 16, row("heap_byte_array").longMetric(Lab08_Arena.JOL_SIZE)); // header + data
    }

    @Test
    void closeAndFreeReleaseAtOnce() {
        for (String variant : List.of("ffm_confined_arena", "ffm_shared_arena", "ffm_malloc_free", "jnr_malloc_free")) {
            Row row = row(variant);
            assertTrue(row.longMetric(Lab08_Arena.AFTER_RELEASE) < SIZE / 4, row.toString());
            assertTrue(row.labels().get("released_by").endsWith("at once"), row.toString());
        }
        assertEquals(0, row("ffm_malloc_free").longMetric(Lab08_Arena.AFTER_RELEASE));
    }

    @Test
    void cleanerBasedMemoryWaitsForTheGc() {
        for (String variant : List.of("ffm_auto_arena", "heap_direct_byte_buffer", "jnr_memory_allocate_direct",
                "heap_byte_array")) {
            Row row = row(variant);
            assertTrue(row.longMetric(Lab08_Arena.AFTER_RELEASE) >= SIZE * 9 / 10, "still held before a GC: " + row);
            assertTrue(row.longMetric(Lab08_Arena.AFTER_GC) < SIZE / 4, "freed after GC: " + row);
            assertTrue(row.longMetric(Lab08_Arena.GC_ROUNDS) >= 1, row.toString());
            assertTrue(row.labels().get("released_by").startsWith("the GC"), row.toString());
        }
    }

    @Test
    void theGlobalArenaNeverReleases() {
        Row global = row("ffm_global_arena");
        assertTrue(global.longMetric(Lab08_Arena.AFTER_GC) >= SIZE * 9 / 10, global.toString());
        assertTrue(global.labels().get("released_by").startsWith("nobody"), global.toString());
        assertTrue(result.reading().contains(String.format("the global arena still held %s after %d collections",
                Sizes.format(global.longMetric(Lab08_Arena.AFTER_GC)), global.longMetric(Lab08_Arena.GC_ROUNDS))),
                result.reading());
    }

    @Test
    void nmtSeesJvmOffHeapMemoryButNotCMalloc() {
        for (String variant : List.of("ffm_confined_arena", "ffm_auto_arena", "heap_direct_byte_buffer")) {
            long nmt = row(variant).longMetric(Lab08_Arena.NMT_OTHER_HELD);
            assertTrue(nmt >= SIZE && nmt < SIZE + (1 << 20), variant + " NMT Other " + nmt);
        }
        for (String variant : List.of("ffm_malloc_free", "jnr_malloc_free", "jnr_memory_allocate_direct")) {
            long nmt = row(variant).longMetric(Lab08_Arena.NMT_OTHER_HELD);
            assertTrue(Math.abs(nmt) < SIZE / 8, variant + " NMT Other " + nmt);
            // ...while the process allocator saw it (other JVM threads malloc and free meanwhile: +-25%)
            long allocator = row(variant).longMetric(Metrics.ALLOCATOR_HELD);
            assertTrue(Math.abs(allocator - SIZE) < SIZE / 4, variant + " allocator " + allocator);
        }
    }

    @Test
    void misuseIsRefusedWithTheDocumentedExceptions() {
        assertRefused("ffm_use_after_close", "IllegalStateException");
        assertRefused("ffm_out_of_bounds", "IndexOutOfBoundsException");
        assertRefused("ffm_wrong_thread", "WrongThreadException");
        assertRefused("heap_out_of_bounds", "ArrayIndexOutOfBoundsException");
    }

    private static void assertRefused(String variant, String exception) {
        Row row = result.row(variant);
        assertEquals(1, row.longMetric(Lab08_Arena.REFUSED), row.toString());
        assertEquals("refused with " + exception, row.labels().get("result"));
    }

    @Test
    void cReadsArenaMemoryItDoesNotOwn() {
        assertEquals("C read every byte back: the sum matches", row("ffm_confined_arena").labels().get("c_checksum"));
    }
}
