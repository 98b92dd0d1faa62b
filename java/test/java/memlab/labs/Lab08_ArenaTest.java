package memlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;

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
        assertTrue(row.labels().get("outcome") == null || !row.metrics().containsKey("held_bytes"), row.toString());
        return row;
    }

    @Test
    void eachWitnessSeesTheAllocation() {
        for (Row row : result.rows()) {
            if (row.metrics().containsKey("held_bytes")) {
                long held = row.longMetric("held_bytes");
                assertTrue(held >= SIZE * 9 / 10 && held < SIZE * 2, row.toString());
            }
        }
        assertEquals(SIZE, row("ffm_malloc_free").longMetric("held_bytes")); // tracked: exact
        assertEquals(SIZE, row("jnr_malloc_free").longMetric("held_bytes"));
        assertEquals(SIZE, row("heap_direct_byte_buffer").longMetric("held_bytes")); // buffer pool: exact
        assertEquals(SIZE + 16, row("heap_byte_array").longMetric("jol_size_bytes")); // header + data
    }

    @Test
    void closeAndFreeReleaseAtOnce() {
        for (String variant : List.of("ffm_confined_arena", "ffm_shared_arena", "ffm_malloc_free", "jnr_malloc_free")) {
            Row row = row(variant);
            assertTrue(row.longMetric("after_release_bytes") < SIZE / 4, row.toString());
            assertTrue(row.labels().get("released_by").endsWith("at once"), row.toString());
        }
        assertEquals(0, row("ffm_malloc_free").longMetric("after_release_bytes"));
    }

    @Test
    void cleanerBasedMemoryWaitsForTheGc() {
        for (String variant : List.of("ffm_auto_arena", "heap_direct_byte_buffer", "jnr_memory_allocate_direct",
                "heap_byte_array")) {
            Row row = row(variant);
            assertTrue(row.longMetric("after_release_bytes") >= SIZE * 9 / 10, "still held before a GC: " + row);
            assertTrue(row.longMetric("after_gc_bytes") < SIZE / 4, "freed after GC: " + row);
            assertTrue(row.longMetric("gc_rounds_count") >= 1, row.toString());
            assertTrue(row.labels().get("released_by").startsWith("the GC"), row.toString());
        }
    }

    @Test
    void theGlobalArenaNeverReleases() {
        Row global = row("ffm_global_arena");
        assertTrue(global.longMetric("after_gc_bytes") >= SIZE * 9 / 10, global.toString());
        assertTrue(global.labels().get("released_by").startsWith("nobody"), global.toString());
    }

    @Test
    void nmtSeesJvmOffHeapMemoryButNotCMalloc() {
        for (String variant : List.of("ffm_confined_arena", "ffm_auto_arena", "heap_direct_byte_buffer")) {
            long nmt = row(variant).longMetric("nmt_other_held_bytes");
            assertTrue(nmt >= SIZE && nmt < SIZE + (1 << 20), variant + " NMT Other " + nmt);
        }
        for (String variant : List.of("ffm_malloc_free", "jnr_malloc_free", "jnr_memory_allocate_direct")) {
            long nmt = row(variant).longMetric("nmt_other_held_bytes");
            assertTrue(Math.abs(nmt) < SIZE / 8, variant + " NMT Other " + nmt);
            // ...while the process allocator saw it (other JVM threads malloc and free meanwhile: +-25%)
            long allocator = row(variant).longMetric("allocator_held_bytes");
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
        assertEquals(1, row.longMetric("refused_count"), row.toString());
        assertEquals("refused with " + exception, row.labels().get("outcome"));
    }

    @Test
    void cReadsArenaMemoryItDoesNotOwn() {
        assertEquals("C read every byte back: the sum matches", row("ffm_confined_arena").labels().get("c_checksum"));
    }
}
