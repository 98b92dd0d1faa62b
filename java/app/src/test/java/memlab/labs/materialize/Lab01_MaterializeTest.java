package memlab.labs.materialize;

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
            long n = result.rows().get(0).longMetric(Lab01_Materialize.VALUES);
            assertEquals(8, result.rows().size());
            for (Row row : result.rows()) {
                assertEquals(n * (n - 1) / 2, row.longMetric(Lab01_Materialize.SUM), row.toString());
            }
        }
    }

    @Test
    void anIntArrayIsItsHeaderAndFourBytesAValue() {
        for (LabResult result : List.of(small, large)) {
            Row array = result.row("heap_int_array");
            long n = array.longMetric(Lab01_Materialize.VALUES);
            long expected = (16 + 4 * n + 7) / 8 * 8;
            assertEquals(expected, array.longMetric(Lab01_Materialize.SHALLOW_SIZE));
            assertEquals(expected, array.longMetric(Metrics.DEEP_SIZE));
        }
    }

    @Test
    void theNativeBufferIsExactlyFourBytesAValue() {
        for (LabResult result : List.of(small, large)) {
            for (String variant : List.of("ffm_malloc_int32", "jnr_malloc_int32")) {
                Row row = result.row(variant);
                long values = row.longMetric(Lab01_Materialize.VALUES);
                assertEquals(4 * values, row.longMetric(Lab01_Materialize.RETAINED), variant);
                assertEquals(4 * values, row.longMetric(Lab01_Materialize.NATIVE_ALLOCATED), variant);
            }
            long arena = result.row("ffm_arena_int32").longMetric(Lab01_Materialize.RETAINED);
            long n = result.rows().get(0).longMetric(Lab01_Materialize.VALUES);
            // the process allocator also sees the JVM's own mallocs meanwhile: 10% and 256 KiB of slack
            assertTrue(Math.abs(arena - 4 * n) < 4 * n / 10 + (256 << 10), "arena seen by the process allocator: " + arena);
        }
    }

    @Test
    void lazyVariantsRetainTheSameFewBytesWhateverN() {
        for (String variant : List.of("ffm_lazy_generator", "jnr_lazy_generator")) {
            assertEquals(16, small.row(variant).longMetric(Lab01_Materialize.RETAINED), variant);
            assertEquals(16, large.row(variant).longMetric(Lab01_Materialize.RETAINED), variant);
        }
        assertEquals(small.row("heap_lazy_range").longMetric(Metrics.DEEP_SIZE),
                large.row("heap_lazy_range").longMetric(Metrics.DEEP_SIZE));
        assertTrue(large.row("heap_lazy_range").longMetric(Metrics.DEEP_SIZE) <= 32);
    }

    @Test
    void aBoxedListCostsAnObjectPerValueThatShallowSizeMisses() {
        Row boxed = large.row("heap_boxed_list");
        long deep = boxed.longMetric(Metrics.DEEP_SIZE);
        // an Integer (16 B) and a reference (4 B) per value at least, and a shallow size that sees none of it
        assertTrue(deep >= 20L * LARGE, "deep " + deep);
        assertTrue(boxed.longMetric(Lab01_Materialize.SHALLOW_SIZE) < 64);
        // the heap agrees with JOL (G1 may round the reference array up to whole regions)
        long retained = boxed.longMetric(Lab01_Materialize.RETAINED);
        assertTrue(retained >= deep * 9 / 10 && retained <= deep * 13 / 10, "retained " + retained + " deep " + deep);
        // allocation is exact and includes the list's growth copies
        assertTrue(boxed.longMetric(Lab01_Materialize.HEAP_ALLOCATED) > deep);
        // the reading says what shallow size misses, in the figures measured
        assertTrue(large.reading().contains(String.format("a boxed list retains %s (JOL: %s shallow, %s deep)",
                Sizes.format(retained), Sizes.format(boxed.longMetric(Lab01_Materialize.SHALLOW_SIZE)),
                Sizes.format(deep))), large.reading());
    }
}
