package memlab.labs.stackoverflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.lab.LabResult;
import memlab.lab.Outcome;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;

class Lab07_StackOverflowTest {

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab07_StackOverflow(), new Params(1, 1_000_000));
    }

    @Test
    void theJvmThrowsCatchesAndGoesOnDeeperWithABiggerStack() {
        long previous = 0;
        for (String size : List.of("256k", "1m", "8m")) {
            Row row = result.row("heap_recursion_xss" + size);
            long depth = row.longMetric(Lab07_StackOverflow.DEPTH_REACHED);
            assertTrue(depth > previous, size + " reached " + depth + ", not deeper than " + previous);
            assertTrue(row.outcome().finished(), row.toString());
            assertEquals("StackOverflowError caught; the thread went on", row.labels().get(Lab07_StackOverflow.RESULT));
            // after the catch the same thread recurses about as deep again (the JIT may change frame sizes)
            long again = row.longMetric(Lab07_StackOverflow.DEPTH_AFTER_RECOVERY);
            assertTrue(again > depth / 2, size + ": " + again + " after recovery");
            previous = depth;
        }
        long perFrame = result.row("heap_recursion_xss8m").longMetric(Lab07_StackOverflow.BYTES_PER_FRAME);
        assertTrue(perFrame >= 16 && perFrame <= 256, "bytes per Java frame " + perFrame);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // Windows reports EXCEPTION_STACK_OVERFLOW instead of a signal
    void unboundedCRecursionKillsItsProcessAndLeavesItsDepthBehind() {
        for (String side : List.of("ffm", "jnr")) {
            Row row = result.row(side + "_unbounded_recursion");
            Outcome.Killed killed = assertInstanceOf(Outcome.Killed.class, row.outcome(), row.toString());
            assertTrue(killed.signal().equals("SIGSEGV") || killed.signal().equals("SIGBUS"), row.toString());
            long depth = row.longMetric(Lab07_StackOverflow.DEPTH_REACHED);
            // 8 MiB of stack, frames of 256 bytes of array plus the call's own: thousands of frames
            assertTrue(depth > 8_000 && depth < 33_000, side + " depth " + depth);
            long perFrame = row.longMetric(Lab07_StackOverflow.BYTES_PER_FRAME);
            assertTrue(perFrame > 256 && perFrame < 1024, side + " bytes per frame " + perFrame);
        }
        // the reading tells the death and its depth (FFM's, when JNR's is within 1% of it)
        Row ffm = result.row("ffm_unbounded_recursion");
        assertTrue(result.reading().contains(String.format("C recursion was %s at depth %,d", ffm.outcome().describe(),
                ffm.longMetric(Lab07_StackOverflow.DEPTH_REACHED))), result.reading());
    }

    @Test
    void theFixesFinishWithoutOverflowing() {
        for (String side : List.of("ffm", "jnr")) {
            Row bounded = result.row(side + "_bounded_recursion");
            assertEquals(-1, bounded.longMetric(Lab07_StackOverflow.RESULT_VALUE), "refused");
            assertEquals(Lab07_StackOverflow.BOUNDED_MAX_DEPTH, bounded.longMetric(Lab07_StackOverflow.DEPTH_REACHED));
            assertEquals(1_000_000, result.row(side + "_iterative").longMetric(Lab07_StackOverflow.RESULT_VALUE));
        }
        assertEquals(1_000_000, result.row("heap_iterative").longMetric(Lab07_StackOverflow.RESULT_VALUE));
    }
}
