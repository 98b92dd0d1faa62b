package memlab.labs.stackvsheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;
import memlab.util.Sizes;

/** Measured, not timed: allocation counts and checksums are asserted; speed belongs to JMH. */
class Lab04_StackVsHeapTest {

    private static final long CALLS = 2_000_000;

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab04_StackVsHeap(), new Params(1, CALLS));
    }

    @Test
    void escapeAnalysisRemovesTheAllocationAndEscapingPaysForIt() {
        double replaced = result.row("heap_scalar_replaced").doubleMetric(Lab04_StackVsHeap.ALLOCATED_PER_CALL);
        double escaping = result.row("heap_escaping").doubleMetric(Lab04_StackVsHeap.ALLOCATED_PER_CALL);
        assertTrue(replaced < 1, "scalar replaced: " + replaced + " B per call");
        assertTrue(escaping >= 16 && escaping <= 32, "escaping: " + escaping + " B per call");
        assertTrue(result.reading().contains("one that escapes " + Sizes.format(Math.round(escaping)) + " ("),
                result.reading());
        // both did the same work: sum of 2i+1 for i < CALLS
        assertEquals(CALLS * CALLS, result.row("heap_scalar_replaced").longMetric(Lab04_StackVsHeap.CHECKSUM));
        assertEquals(CALLS * CALLS, result.row("heap_escaping").longMetric(Lab04_StackVsHeap.CHECKSUM));
    }

    @Test
    void theStackAndMallocLoopsDidTheSameWorkThroughEitherBinding() {
        long checksum = result.row("ffm_c_stack_array").longMetric(Lab04_StackVsHeap.CHECKSUM);
        for (String variant : List.of("ffm_c_malloc_free", "jnr_c_stack_array", "jnr_c_malloc_free")) {
            Row row = result.row(variant);
            assertEquals(checksum, row.longMetric(Lab04_StackVsHeap.CHECKSUM), variant);
            assertTrue(row.doubleMetric(Lab04_StackVsHeap.PER_CALL) > 0, variant);
        }
    }
}
