package memlab.labs.nativeleaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.lab.LabResult;
import memlab.lab.Metric;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;

/**
 * Lab 14 at 100 holders a variant (10 a step): the relations the lesson rests on, measured. The
 * process allocator's figures come from glibc's mallinfo2 and RSS from /proc, hence Linux for those.
 */
class Lab14_NativeLeaksTest {

    private static final int HOLDERS = 100;
    private static final long BUFFER = 64L << 10;

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab14_NativeLeaks(), new Params(BUFFER, HOLDERS));
    }

    private static long metric(String variant, Metric metric) {
        return result.row(variant).longMetric(metric);
    }

    private static List<String> caughtBy(String variant) {
        return List.of(result.row(variant).labels().get("caught_by").split(", "));
    }

    @Test
    void everyVariantRanInItsOwnChildAndNoneWentThroughMemlabsAllocator() {
        assertEquals(11, result.rows().size());
        for (Row row : result.rows()) {
            assertTrue(row.outcome().finished(), row.toString());
            assertEquals(HOLDERS, row.longMetric(Lab14_NativeLeaks.HOLDERS), row.name());
            assertEquals(0, row.longMetric(Lab14_NativeLeaks.TRACKED_PER_HOLDER), row.name());
            assertFalse(caughtBy(row.name()).contains("memlab"), row.name());
            assertEquals(Lab14_NativeLeaks.STEPS + 1, row.series().size(), row.name() + ": the start, then each step");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aKeptDeflaterIsSmallOnTheHeapLargeInMallocAndInvisibleToNmt() {
        String deflater = "heap_deflater_kept";
        long heap = metric(deflater, Lab14_NativeLeaks.HEAP_PER_HOLDER);
        long malloc = metric(deflater, Lab14_NativeLeaks.MALLOC_PER_HOLDER);
        assertTrue(heap > 0 && heap < 1024, "heap per Deflater " + heap);
        // zlib's deflate state: window, hash chains and pending buffer (measured 262 KiB at the default level)
        assertTrue(malloc > 128 << 10, "malloc per Deflater " + malloc);
        assertTrue(malloc > 100 * heap, malloc + " vs " + heap);
        // libzip's zlib calls libc's malloc: NMT sees none of it
        assertTrue(Math.abs(metric(deflater, Lab14_NativeLeaks.NMT_PER_HOLDER)) < 1024);
        assertEquals(List.of("heap", "malloc", "RSS"), caughtBy(deflater));
        // JOL's three objects against the heap's slope: the list's slot is the difference
        long jol = metric(deflater, Lab14_NativeLeaks.JOL_PER_HOLDER);
        assertTrue(heap >= jol && heap <= jol + 16, "heap " + heap + " vs JOL " + jol);
    }

    @Test
    void nmtSeesThreadsDirectBuffersAndLoaders() {
        long thread = metric("heap_thread_parked", Lab14_NativeLeaks.NMT_PER_HOLDER);
        assertTrue(thread > 32 << 10, "NMT per parked thread " + thread); // committed stack, not the -Xss reserve
        assertTrue(thread < 1 << 20, "NMT per parked thread " + thread);
        assertTrue(result.row("heap_thread_parked").labels().get("nmt_categories").startsWith("Thread +"));
        long direct = metric("heap_direct_kept", Lab14_NativeLeaks.NMT_PER_HOLDER);
        assertEquals(BUFFER, direct, BUFFER / 20, "NMT's Other per direct buffer");
        assertTrue(result.row("heap_direct_kept").labels().get("nmt_categories").startsWith("Other +"));
        long loader = metric("heap_loader_kept", Lab14_NativeLeaks.NMT_PER_HOLDER);
        assertTrue(loader > 4 << 10, "NMT per loader " + loader);
        assertTrue(result.row("heap_loader_kept").labels().get("nmt_categories").contains("Metaspace +"));
        for (String kept : List.of("heap_thread_parked", "heap_direct_kept", "heap_loader_kept")) {
            assertTrue(caughtBy(kept).contains("NMT"), kept);
            // each holder is far bigger outside the heap than in it
            assertTrue(metric(kept, Lab14_NativeLeaks.NMT_PER_HOLDER) > 4 * metric(kept, Lab14_NativeLeaks.HEAP_PER_HOLDER),
                    kept);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void everyFixReturnsNativeMemory() {
        for (String fix : List.of("heap_deflater_closed", "heap_thread_joined", "heap_direct_pooled")) {
            // under 1 KiB a holder, against 64 KiB to 262 KiB kept: a joined thread leaves a monitor for a while
            assertTrue(Math.abs(metric(fix, Lab14_NativeLeaks.MALLOC_PER_HOLDER)) < 1024,
                    fix + " malloc per holder " + metric(fix, Lab14_NativeLeaks.MALLOC_PER_HOLDER));
            assertTrue(Math.abs(metric(fix, Lab14_NativeLeaks.NMT_PER_HOLDER)) < 1024,
                    fix + " NMT per holder " + metric(fix, Lab14_NativeLeaks.NMT_PER_HOLDER));
            assertTrue(Math.abs(metric(fix, Lab14_NativeLeaks.HEAP_PER_HOLDER)) < 64,
                    fix + " heap per holder " + metric(fix, Lab14_NativeLeaks.HEAP_PER_HOLDER));
        }
        assertEquals(List.of("none"), caughtBy("heap_deflater_closed"));
        assertEquals(List.of("none"), caughtBy("heap_direct_pooled"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void droppedHoldersKeepTheirMemoryUntilACollection() {
        for (String dropped : List.of("heap_deflater_dropped", "heap_direct_dropped")) {
            long held = metric(dropped, Lab14_NativeLeaks.MALLOC_PER_HOLDER) * HOLDERS;
            assertTrue(held > HOLDERS * (32L << 10), dropped + " held " + held);
            assertEquals(0, metric(dropped, Lab14_NativeLeaks.GCS_WHILE_HELD), dropped);
            assertTrue(metric(dropped, Lab14_NativeLeaks.GARBAGE_UNTIL_GC) > 0, dropped);
            // a full collection runs the cleaners: back to within a tenth
            assertTrue(metric(dropped, Lab14_NativeLeaks.MALLOC_AFTER_FULL_GC) < held / 10, dropped);
            // unreachable: the heap keeps nothing of them, and the leak check's own collections free them.
            // RSS is left out: it moves in 4 KiB pages, and at 10 holders a step one page of allocator
            // creep a step is over the 64 B a holder that "caught" means
            assertTrue(Math.abs(metric(dropped, Lab14_NativeLeaks.HEAP_PER_HOLDER)) < 64, dropped);
            for (String witness : List.of("heap", "malloc", "NMT")) {
                assertFalse(caughtBy(dropped).contains(witness), dropped + " caught by " + caughtBy(dropped));
            }
        }
        long loaders = metric("heap_loader_dropped", Lab14_NativeLeaks.NMT_PER_HOLDER) * HOLDERS;
        assertTrue(metric("heap_loader_dropped", Lab14_NativeLeaks.NMT_AFTER_FULL_GC) < loaders / 2,
                "a full collection unloads the classes and gives back most of their Metaspace");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theHeapTwinIsAsBigOnTheHeapAndNothingElsewhere() {
        long twin = metric("heap_twin_kept", Lab14_NativeLeaks.HEAP_PER_HOLDER);
        long deflater = metric("heap_deflater_kept", Lab14_NativeLeaks.HEAP_PER_HOLDER);
        assertEquals(deflater, twin, 16, "the twin has a Deflater's heap size");
        assertTrue(Math.abs(metric("heap_twin_kept", Lab14_NativeLeaks.MALLOC_PER_HOLDER)) < 64);
        assertEquals(List.of("heap"), caughtBy("heap_twin_kept"));
    }

    @Test
    void theResultNamesTheRatioAndTheBlindSpot() {
        assertTrue(result.reading().startsWith("A kept Deflater is "), result.reading());
        assertTrue(result.reading().contains("invisible to NMT"), result.reading());
    }
}
