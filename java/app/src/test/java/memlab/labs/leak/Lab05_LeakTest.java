package memlab.labs.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;
import memlab.measure.MemoryPolicy;
import memlab.util.Sizes;

class Lab05_LeakTest {

    private static final long SIZE = 4L << 20;
    private static final int ITERATIONS = 8;
    private static final long LEAK = SIZE * ITERATIONS;

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab05_Leak(), new Params(SIZE, ITERATIONS));
    }

    @Test
    void everyVariantOfEverySideRanToTheEnd() {
        assertEquals(8, result.rows().size());
        for (Row row : result.rows()) {
            assertTrue(row.outcome().finished(), row.toString());
            assertEquals(ITERATIONS + 1, row.series().size(), row.name() + ": the start, then each iteration");
        }
    }

    @Test
    void mallocWithoutFreeLeavesExactlyTheLeakLive() {
        for (String variant : List.of("ffm_malloc_no_free", "jnr_malloc_no_free",
                "ffm_malloc_no_free_untouched", "jnr_malloc_no_free_untouched")) {
            Row row = result.row(variant);
            assertEquals(LEAK, row.longMetric(Metrics.TRACKED_LIVE), variant);
            // the series starts at nothing live and climbs one chunk an iteration
            for (int i = 0; i <= ITERATIONS; i++) {
                assertEquals(SIZE * i, result.row(variant).series().get(i).get(Metrics.TRACKED_LIVE.name()).longValue());
            }
            // the process allocator agrees with the tracked one (JVM mallocs move it a little)
            long allocator = row.longMetric(Lab05_Leak.ALLOCATOR_IN_USE_DELTA);
            assertTrue(Math.abs(allocator - LEAK) < LEAK / 10, variant + " allocator " + allocator);
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void writtenLeaksAreResidentUntouchedOnesAreNot() {
        for (String side : List.of("ffm", "jnr")) {
            long written = result.row(side + "_malloc_no_free").longMetric(Metrics.RSS_DELTA);
            long untouched = result.row(side + "_malloc_no_free_untouched").longMetric(Metrics.RSS_DELTA);
            assertTrue(written >= LEAK * 9 / 10, side + " written leak grew RSS by only " + written);
            assertTrue(untouched < untouchedLimit(), side + " untouched leak grew RSS by " + untouched);
        }
    }

    /**
     * What an untouched leak may make resident: only malloc's header is written in each chunk. Where
     * huge pages serve memory nobody advised (the policy probed in this JVM, not by the lab), a kernel
     * that aligns a chunk's mapping to a huge page faults in a whole huge page for that header;
     * elsewhere a small page. Either way far less than the leak.
     */
    private static long untouchedLimit() {
        MemoryPolicy policy = MemoryPolicy.current();
        boolean huge = policy.hugePagesUnadvised().orElse(false);
        return huge ? ITERATIONS * policy.hugePageSize() + LEAK / 8 : LEAK / 4;
    }

    @Test
    void thePoliciesRssDependsOnArePrintedWithTheResult() {
        assertEquals(List.of("transparent huge pages", "swap", "cgroup memory limit", "C allocator"),
                List.copyOf(result.machine().keySet()));
    }

    @Test
    void freeingEachChunkEndsWithNothingLive() {
        for (String variant : List.of("ffm_malloc_free", "jnr_malloc_free")) {
            assertEquals(0, result.row(variant).longMetric(Metrics.TRACKED_LIVE), variant);
            // the allocator holds far less than the leak would; the JVM's own mallocs move it by a MiB or so
            long allocator = result.row(variant).longMetric(Lab05_Leak.ALLOCATOR_IN_USE_DELTA);
            assertTrue(Math.abs(allocator) < LEAK / 8, variant + " allocator " + allocator);
        }
    }

    @Test
    void theHeapKeepsTheUnboundedListAndOnlyTheCachesLastFive() {
        long unbounded = result.row("heap_unbounded_list").longMetric(Lab05_Leak.HEAP_USED_DELTA);
        long bounded = result.row("heap_bounded_cache").longMetric(Lab05_Leak.HEAP_USED_DELTA);
        assertTrue(Math.abs(unbounded - LEAK) < LEAK / 10, "unbounded list kept " + unbounded);
        long cache = SIZE * Lab05_Leak.CACHE_CAPACITY;
        assertTrue(Math.abs(bounded - cache) < cache / 10, "bounded cache kept " + bounded);
        assertEquals(0, result.row("heap_unbounded_list").longMetric(Metrics.TRACKED_LIVE));
    }

    @Test
    void theReadingIsWrittenFromTheMeasuredRows() {
        // the leak said once for both bindings, with the figure the tracked allocator measured
        String leaked = Sizes.format(result.row("ffm_malloc_no_free").longMetric(Metrics.TRACKED_LIVE));
        assertTrue(result.reading().startsWith("C leaks " + leaked + " through FFM and JNR alike, exactly 8 x 4.0 MiB"),
                result.reading());
    }
}
