package memlab.labs.virtualmemory;

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
import memlab.measure.MemoryPolicy;
import memlab.labs.LabRunner;
import memlab.util.Sizes;

@EnabledOnOs(OS.LINUX) // the fault counts and huge-page control are Linux's; other OSes differ by design
class Lab06_VirtualMemoryTest {

    private static final long SIZE = 64L << 20;

    private static LabResult result;

    @BeforeAll
    static void runTheLab() {
        result = LabRunner.run(new Lab06_VirtualMemory(), new Params(SIZE, 10_000));
    }

    @Test
    void reservingCostsAddressSpaceNotMemory() {
        for (String variant : List.of("ffm_reserve_then_touch", "jnr_reserve_then_touch")) {
            Row row = result.row(variant);
            assertTrue(row.longMetric(Lab06_VirtualMemory.RESERVED_RSS) < SIZE / 50, row.toString());
            assertEquals(0, row.series().get(0).get(Lab06_VirtualMemory.TOUCHED_PERCENT).intValue());
            assertTrue(row.series().get(0).get(Lab06_VirtualMemory.VIRTUAL).longValue() >= SIZE, row.toString());
        }
    }

    @Test
    void everyWrittenPageIsOneFaultAndBecomesResident() {
        for (String variant : List.of("ffm_reserve_then_touch", "jnr_reserve_then_touch")) {
            Row row = result.row(variant);
            long pages = row.longMetric(Lab06_VirtualMemory.PAGES);
            long faults = row.longMetric(Lab06_VirtualMemory.TOUCHED_FAULTS);
            // one fault per page written, within 1% (the child runs without JIT, so little else faults), whatever
            // the huge-page setting: the reservation is advised MADV_NOHUGEPAGE, which every THP mode honours
            assertTrue(Math.abs(faults - pages) <= pages / 100 + 16, variant + " faults " + faults + " for " + pages);
            long previousRss = -1;
            for (var point : row.series()) {
                long rss = point.get(Metrics.RSS.name()).longValue();
                assertTrue(rss > previousRss, "resident size grows with every step: " + row.series());
                previousRss = rss;
            }
            assertTrue(previousRss >= SIZE * 9 / 10, "all written: " + previousRss);
            assertTrue(row.longMetric(Lab06_VirtualMemory.RANDOM_READ_FAULTS) < 100, "resident pages fault no more");
            assertTrue(row.longMetric(Lab06_VirtualMemory.RELEASED_RSS) < SIZE / 10, "munmap returns it all");
        }
    }

    @Test
    void untouchedMallocIsAddressSpaceAndZeroingAllocatorsTouchEverything() {
        Row malloc = result.row("ffm_malloc_untouched");
        assertTrue(malloc.longMetric(Lab06_VirtualMemory.VIRTUAL_DELTA) >= SIZE);
        // not touched at all: at most the chunk header's page, or its huge page where huge pages serve malloc
        assertTrue(malloc.longMetric(Metrics.RSS_DELTA) < SIZE / 10, malloc.toString());
        for (String variant : List.of("ffm_arena_allocate", "heap_byte_array")) {
            Row row = result.row(variant);
            assertTrue(row.longMetric(Metrics.RSS_DELTA) >= SIZE * 9 / 10, variant + " " + row);
        }
    }

    /**
     * What a read of a never-written page does is the kernel's policy, probed here in the test's own
     * JVM (a fresh libc mapping with no advice, as malloc's block is), not taken from the lab: with a
     * shared zero page the reads leave RSS where it was; without one, each read fault makes what it
     * maps resident, a small page or, where huge pages serve such memory, a huge one.
     */
    @Test
    void readsOfUntouchedPagesDoWhatThisKernelsPolicyImplies() {
        MemoryPolicy policy = MemoryPolicy.current();
        Row malloc = result.row("ffm_malloc_untouched");
        long faults = malloc.longMetric(Lab06_VirtualMemory.UNTOUCHED_READ_FAULTS);
        long resident = malloc.longMetric(Lab06_VirtualMemory.UNTOUCHED_READ_RSS);
        long page = policy.pageSize();
        assertTrue(faults > 0, malloc.toString());
        if (policy.readsMakeResident(policy.readUnadvised()).orElseThrow()) {
            long mostPerFault = policy.hugePagesUnadvised().orElseThrow() ? policy.hugePageSize() : page;
            assertTrue(resident >= faults * page * 9 / 10 && resident <= faults * mostPerFault + SIZE / 50,
                    "no zero page: " + faults + " faults made " + resident + " B resident");
            assertTrue(result.reading().contains(Lab06_VirtualMemory.ZERO_PAGE_ABSENT), result.reading());
        } else {
            assertTrue(resident < SIZE / 50, "zero page: " + faults + " faults made " + resident + " B resident");
            assertTrue(result.reading().contains(Lab06_VirtualMemory.ZERO_PAGE_USED), result.reading());
        }
        assertTrue(result.reading().contains(Lab06_VirtualMemory.untouchedReads(malloc)), result.reading());
        assertTrue(result.reading().contains("an untouched malloc of " + Sizes.format(malloc.longMetric(
                Lab06_VirtualMemory.VIRTUAL_DELTA)) + " is " + Sizes.format(malloc.longMetric(Metrics.RSS_DELTA))
                + " resident"), result.reading());
        assertTrue(result.machine().get("reads of never-written pages").contains(
                policy.readsMakeResident(policy.readUnadvised()).orElseThrow() ? "made them resident" : "mapped"),
                result.machine().toString());
    }
}
