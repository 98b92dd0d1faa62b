package memlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;

class Lab01_MaterializeTest {

    private static final int SMALL = 200_000;
    private static final int LARGE = 800_000;

    private static LabResult small;
    private static LabResult large;

    @BeforeAll
    static void runTheLabAtTwoSizes() {
        small = LabRunner.run(new Lab01_Materialize(), new Params(4, SMALL));
        large = LabRunner.run(new Lab01_Materialize(), new Params(4, LARGE));
    }

    @Test
    void everyVariantSumsTheSameValues() {
        for (LabResult result : List.of(small, large)) {
            long n = result.rows().get(0).longMetric("values_count");
            assertEquals(8, result.rows().size());
            for (Row row : result.rows()) {
                assertEquals(n * (n - 1) / 2, row.longMetric("sum_value"), row.toString());
            }
        }
    }

    @Test
    void anIntArrayIsItsHeaderAndFourBytesAValue() {
        for (LabResult result : List.of(small, large)) {
            Row array = result.row("heap_int_array");
            long n = array.longMetric("values_count");
            long expected = (16 + 4 * n + 7) / 8 * 8;
            assertEquals(expected, array.longMetric("shallow_size_bytes"));
            assertEquals(expected, array.longMetric("deep_size_bytes"));
        }
    }

    @Test
    void theNativeBufferIsExactlyFourBytesAValue() {
        for (LabResult result : List.of(small, large)) {
            for (String variant : List.of("ffm_malloc_int32", "jnr_malloc_int32")) {
                Row row = result.row(variant);
                assertEquals(4 * row.longMetric("values_count"), row.longMetric("retained_bytes"), variant);
                assertEquals(4 * row.longMetric("values_count"), row.longMetric("native_allocated_bytes"), variant);
            }
            long arena = result.row("ffm_arena_int32").longMetric("retained_bytes");
            long n = result.rows().get(0).longMetric("values_count");
            // the process allocator also sees the JVM's own mallocs meanwhile: 10% and 256 KiB of slack
            assertTrue(Math.abs(arena - 4 * n) < 4 * n / 10 + (256 << 10), "arena seen by the process allocator: " + arena);
        }
    }

    @Test
    void lazyVariantsRetainTheSameFewBytesWhateverN() {
        for (String variant : List.of("ffm_lazy_generator", "jnr_lazy_generator")) {
            assertEquals(16, small.row(variant).longMetric("retained_bytes"), variant);
            assertEquals(16, large.row(variant).longMetric("retained_bytes"), variant);
        }
        assertEquals(small.row("heap_lazy_range").longMetric("deep_size_bytes"),
                large.row("heap_lazy_range").longMetric("deep_size_bytes"));
        assertTrue(large.row("heap_lazy_range").longMetric("deep_size_bytes") <= 32);
    }

    @Test
    void aBoxedListCostsAnObjectPerValueThatShallowSizeMisses() {
        Row boxed = large.row("heap_boxed_list");
        long deep = boxed.longMetric("deep_size_bytes");
        // an Integer (16 B) and a reference (4 B) per value at least, and a shallow size that sees none of it
        assertTrue(deep >= 20L * LARGE, "deep " + deep);
        assertTrue(boxed.longMetric("shallow_size_bytes") < 64);
        // the heap agrees with JOL (G1 may round the reference array up to whole regions)
        long retained = boxed.longMetric("retained_bytes");
        assertTrue(retained >= deep * 9 / 10 && retained <= deep * 13 / 10, "retained " + retained + " deep " + deep);
        // allocation is exact and includes the list's growth copies
        assertTrue(boxed.longMetric("heap_allocated_bytes") > deep);
    }
}
