package memlab.labs.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Outcome;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.labs.LabRunner;
import memlab.util.UsageException;

class Lab11_BatchingTest {

    private static final long ROWS = 200_000;
    private static final long FEWER_ROWS = 50_000;
    private static final long BUDGET = 16L << 20;

    private static LabResult result;
    private static LabResult fewer;
    private static Set<String> tempDirsLeft;

    @BeforeAll
    static void runTheLabAtTwoSizes() throws IOException {
        Set<String> before = lab11TempDirs();
        result = LabRunner.run(new Lab11_Batching(), new Params(BUDGET, ROWS));
        fewer = LabRunner.run(new Lab11_Batching(), new Params(BUDGET, FEWER_ROWS), EnumSet.of(Side.HEAP));
        tempDirsLeft = lab11TempDirs();
        tempDirsLeft.removeAll(before);
    }

    private static Set<String> lab11TempDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("memlab-\\d+-lab11-.*"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void theDatabaseHeldEveryRowAndWasRemovedAfterwards() {
        Row created = result.row(Lab11_Batching.DATABASE_CREATED);
        assertEquals(ROWS, created.longMetric(Lab11_Batching.ROWS));
        assertTrue(created.longMetric(Lab11_Batching.FILE_BYTES) > ROWS * 20,
                "file of " + created.longMetric(Lab11_Batching.FILE_BYTES));
        assertTrue(tempDirsLeft.isEmpty(), "left behind: " + tempDirsLeft);
    }

    @Test
    void everyFinishedVariantReadEveryRowOnce() {
        long expectedSum = ROWS * (ROWS + 1) / 2;
        for (Row row : result.rows()) {
            if (row.variant().equals(Lab11_Batching.DATABASE_CREATED) || row.name().equals("heap_load_all_budgeted")) {
                continue;
            }
            assertEquals(Outcome.FINISHED, row.outcome(), row.toString());
            assertEquals(ROWS, row.longMetric(Lab11_Batching.ROWS_PROCESSED), row.name());
            assertEquals(expectedSum, row.longMetric(Lab11_Batching.ID_SUM), row.name());
        }
    }

    @Test
    void loadingEverythingRetainsEveryRowAndGrowsWithTheTable() {
        long retained = result.row("heap_load_all").longMetric(Lab11_Batching.RETAINED_HEAP);
        long retainedFewer = fewer.row("heap_load_all").longMetric(Lab11_Batching.RETAINED_HEAP);
        // a User record, two Strings and their arrays, and the list's slot: well over 80 B a row
        assertTrue(retained > ROWS * 80, "load_all retained " + retained);
        double growth = (double) retained / retainedFewer;
        assertTrue(growth > 3 && growth < 5, "4x the rows, " + growth + "x the memory");
        assertTrue(result.row("heap_load_all").longMetric(Lab11_Batching.PEAK_LIVE_HEAP) >= retained);
    }

    @Test
    void streamingAndBatchesRetainTheSameWhateverTheTableSize() {
        for (String variant : List.of("heap_stream", "heap_keyset_batches", "heap_offset_batches")) {
            long retained = result.row(variant).longMetric(Lab11_Batching.RETAINED_HEAP);
            long retainedFewer = fewer.row(variant).longMetric(Lab11_Batching.RETAINED_HEAP);
            assertTrue(retained < 2L << 20, variant + " retained " + retained);
            assertTrue(Math.abs(retained - retainedFewer) < 1L << 20,
                    variant + " retained " + retained + " at " + ROWS + " rows, " + retainedFewer + " at " + FEWER_ROWS);
            assertTrue(result.row(variant).longMetric(Lab11_Batching.PEAK_LIVE_HEAP) < 4L << 20, variant);
        }
    }

    @Test
    void accumulatingIdsBringsBackGrowthAndPluckIsSmallerPerRow() {
        long accumulated = result.row("heap_keyset_accumulate_ids").longMetric(Lab11_Batching.RETAINED_HEAP);
        long plucked = result.row("heap_pluck_ids").longMetric(Lab11_Batching.RETAINED_HEAP);
        assertTrue(accumulated >= ROWS * 16, "a boxed Long per id, got " + accumulated);
        assertTrue(plucked >= ROWS * 8, "a long per id, got " + plucked);
        assertTrue(plucked < result.row("heap_load_all").longMetric(Lab11_Batching.RETAINED_HEAP) / 4);
    }

    @Test
    void underTheHeapBudgetLoadAllDiesAndBatchingFinishes() {
        Row loadAll = result.row("heap_load_all_budgeted");
        assertTrue(loadAll.outcome() instanceof Outcome.Failed failed && failed.reason().startsWith("OutOfMemoryError"),
                loadAll.toString());
        assertTrue(loadAll.longMetric(Lab11_Batching.ROWS_PROCESSED) < ROWS, loadAll.toString());
        assertTrue(result.reading().contains(String.format("Under -Xmx16m heap load-all died after %,d rows",
                loadAll.longMetric(Lab11_Batching.ROWS_PROCESSED))), result.reading());
        for (String variant : List.of("heap_stream_budgeted", "heap_keyset_batches_budgeted",
                "heap_offset_batches_budgeted", "ffm_keyset_batches_budgeted", "jnr_keyset_batches_budgeted")) {
            assertEquals(Outcome.FINISHED, result.row(variant).outcome(), variant);
            assertTrue(result.row(variant).longMetric(Lab11_Batching.PEAK_HEAP_USED) < BUDGET, variant);
        }
    }

    @Test
    void nativeLoadAllEscapesTheHeapBudget() {
        for (String side : List.of("ffm", "jnr")) {
            Row budgeted = result.row(side + "_load_all_budgeted");
            assertEquals(Outcome.FINISHED, budgeted.outcome(), side);
            // every row as a 96-byte struct, in an array grown by doubling: more native bytes than the heap budget
            long nativeBytes = result.row(side + "_load_all").longMetric(Lab11_Batching.NATIVE_PEAK);
            assertTrue(nativeBytes >= ROWS * Lab11_Batching.NATIVE_ROW_BYTES, side + " native " + nativeBytes);
            assertTrue(nativeBytes > BUDGET);
            // one batch of structs, reused: exactly 1000 x 96 bytes
            assertEquals((long) Lab11_Batching.BATCH_ROWS * Lab11_Batching.NATIVE_ROW_BYTES,
                    result.row(side + "_keyset_batches").longMetric(Lab11_Batching.NATIVE_PEAK), side);
        }
    }

    @Test
    void batchVariantsRecordTimePerBatchAlongTheTable() {
        for (String variant : List.of("heap_keyset_batches", "heap_offset_batches")) {
            List<?> series = result.row(variant).series();
            assertTrue(series.size() >= 10, variant + " has " + series.size() + " points");
        }
        assertFalse(result.row("heap_load_all").series().iterator().hasNext());
    }

    @Test
    void aBudgetTooSmallForAnyJvmIsRefusedBeforeAnythingRuns() {
        var lab = new Lab11_Batching();
        var error = assertThrows(UsageException.class,
                () -> lab.plan(new Params(1L << 20, 1000), EnumSet.allOf(Side.class)));
        assertTrue(error.getMessage().contains("at least"), error.getMessage());
    }

    @Test
    void aBudgetedVariantIsTheSameReadUnderTheBudget() {
        for (Side side : Side.values()) {
            for (Variant variant : Lab11_Batching.variants(side)) {
                Variant budgeted = Lab11_Batching.budgeted(variant);
                assertEquals(variant.name() + "_budgeted", budgeted.name());
                assertEquals(Optional.of(variant), Lab11_Batching.unbudgeted(budgeted));
                assertEquals(Optional.empty(), Lab11_Batching.unbudgeted(variant));
            }
            assertEquals(2 * Lab11_Batching.variants(side).size(), Lab11_Batching.variantsWithBudget(side).size());
        }
    }
}
