package memlab.measure;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.leakcheck.Libc;


/**
 * The policy probe against what a policy implies, and against a second witness: whatever this
 * kernel does, the probe's faults and resident bytes must tell one consistent story, and the
 * process's own RSS must agree with it on memory that memlab's malloc hands out.
 */
@EnabledOnOs(OS.LINUX) // the probes and /proc, /sys and cgroup files are Linux's
class MemoryPolicyTest {

    private static final MemoryPolicy POLICY = MemoryPolicy.current();

    @Test
    void readsOfNeverWrittenSmallPagesFaultOncePerPageAndAreAllOrNothingResident() {
        PageProbe.Touch read = POLICY.readSmallPages().orElseThrow();
        assertEquals(PageProbe.BYTES / POLICY.pageSize(), read.pages());
        // advised against huge pages: every page is a fault of its own, zero page or not
        assertTrue(read.faults() >= read.pages() && read.faults() <= read.pages() + read.pages() / 20, read.toString());
        long bytes = read.bytes(POLICY.pageSize());
        assertTrue(read.residentBytes() <= bytes / 8 || read.residentBytes() >= bytes * 7 / 8,
                "either the zero page served the reads or each became resident: " + read);
        assertEquals(0, read.hugeBytes(), read.toString());
    }

    @Test
    void writtenPagesAreResidentAndFaultsMatchThePageSizesThatServedThem() {
        for (PageProbe.Touch write : new PageProbe.Touch[] {POLICY.writeUnadvised().orElseThrow(),
                POLICY.writeAdvised().orElseThrow()}) {
            long bytes = write.bytes(POLICY.pageSize());
            assertEquals(bytes, write.residentBytes(), "every written page is resident: " + write);
            assertTrue(write.hugeBytes() % POLICY.hugePageSize() == 0, write.toString());
            // one fault per small page, one per huge page; a huge fault that fell back adds no more than a page's
            long smallPages = (bytes - write.hugeBytes()) / POLICY.pageSize();
            long hugePages = write.hugeBytes() / POLICY.hugePageSize();
            assertTrue(write.faults() >= smallPages + hugePages && write.faults() <= smallPages + hugePages + 16,
                    "faults for " + smallPages + " small and " + hugePages + " huge pages: " + write);
        }
    }

    @Test
    void theHugePageSettingDecidesWhoGetsHugePages() {
        String setting = POLICY.hugePageSetting().orElse("never");
        if (!setting.equals("always")) {
            // madvise and never: memory nobody advised is served in small pages
            assertEquals(0, POLICY.writeUnadvised().orElseThrow().hugeBytes(), setting);
        }
        if (setting.equals("never")) {
            assertEquals(0, POLICY.writeAdvised().orElseThrow().hugeBytes(), setting);
        }
        assertEquals(POLICY.hugePagesUnadvised().orElseThrow(), POLICY.writeUnadvised().orElseThrow().hugeBytes() > 0);
    }

    @Test
    void theProcessRssAgreesWithTheProbeOnMallocsUntouchedMemory() throws Throwable {
        // malloc's untouched memory is a fresh mapping only when glibc maps the block on its own: above
        // the mmap threshold, and only if no free chunk of its arenas is big enough. Under
        // MALLOC_ARENA_MAX=1 a 64 MiB request once came from freed, written memory (its bytes summed to
        // -379): so the block's own chunk header is asked, and the request grows until glibc mapped it.
        long bytes = 64L << 20;
        MemorySegment block = Libc.malloc(bytes);
        assertNotEquals(0, block.address());
        while (!Libc.mappedOnItsOwn(block) && bytes < 1L << 30) {
            Libc.free(block);
            bytes *= 2;
            block = Libc.malloc(bytes);
            assertNotEquals(0, block.address());
        }
        assertTrue(Libc.mappedOnItsOwn(block), "glibc gave no block of its own mapping up to " + bytes + " B");
        try {
            MemorySegment segment = block.reinterpret(bytes);
            long before = ProcessProbe.residentBytes();
            long sum = 0;
            for (long offset = POLICY.pageSize(); offset < bytes; offset += POLICY.pageSize()) {
                sum += segment.get(JAVA_BYTE, offset);
            }
            long grew = ProcessProbe.residentBytes() - before;
            assertEquals(0, sum);
            if (POLICY.readsMakeResident(POLICY.readUnadvised()).orElseThrow()) {
                assertTrue(grew >= bytes * 9 / 10, "the probe saw reads make pages resident; RSS grew " + grew);
            } else {
                assertTrue(grew < bytes / 10, "the probe saw reads map the zero page; RSS grew " + grew);
            }
        } finally {
            Libc.free(block);
        }
    }

    @Test
    void theCgroupIsTheOneThisProcessIsIn() throws IOException {
        MemoryPolicy.Cgroup group = POLICY.cgroup().orElseThrow();
        String membership = Files.readString(Path.of("/proc/self/cgroup"));
        String expected = group.version() == 1 ? ":memory:" + group.path() + "\n" : "0::" + group.path() + "\n";
        assertTrue(membership.contains(expected), membership + " has no " + expected);
        assertTrue(group.usageBytes() >= ProcessProbe.residentBytes() / 2,
                "the cgroup is charged at least this process's memory: " + group);
        group.limitBytes().ifPresent(limit -> assertTrue(limit > group.usageBytes() / 2, group.toString()));
    }

    @Test
    void theMmapThresholdIsReadAsGlibcReadsIt() {
        assertEquals(OptionalLong.empty(), MemoryPolicy.mmapThreshold(Map.of()));
        assertEquals(OptionalLong.of(33554432), MemoryPolicy.mmapThreshold(Map.of("GLIBC_TUNABLES",
                "glibc.malloc.trim_threshold=0:glibc.malloc.mmap_threshold=33554432")));
        assertEquals(OptionalLong.of(0x100000), MemoryPolicy.mmapThreshold(Map.of("MALLOC_MMAP_THRESHOLD_", "0x100000")));
        assertEquals(OptionalLong.empty(), MemoryPolicy.mmapThreshold(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")));
    }

    @Test
    void everyAspectIsDescribedWithItsFigures() {
        Map<String, String> found = POLICY.describe(EnumSet.allOf(MemoryPolicy.Aspect.class));
        assertEquals(java.util.List.of("page size", "reads of never-written pages", "transparent huge pages",
                "overcommit", "swap", "cgroup memory limit", "C allocator"), java.util.List.copyOf(found.keySet()));
        String reads = found.get("reads of never-written pages");
        boolean resident = POLICY.readsMakeResident(POLICY.readSmallPages()).orElseThrow();
        assertTrue(reads.startsWith(resident ? "made them resident" : "mapped the shared zero page")
                || reads.startsWith("in small pages " + (resident ? "made them resident" : "mapped")), reads);
        assertTrue(found.get("transparent huge pages").startsWith(POLICY.hugePageSetting().orElseThrow()),
                found.toString());
        assertTrue(found.get("C allocator").startsWith("glibc 2."), found.toString());
        assertFalse(found.values().stream().anyMatch(text -> text.contains("not read")), found.toString());
        assertEquals(System.getenv("GLIBC_TUNABLES") == null, !found.get("C allocator").contains("GLIBC_TUNABLES"));
    }
}
