package memlab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memlab.nativelib.CTypes;
import memlab.nativelib.Ffm;
import memlab.nativelib.FfmNative;
import memlab.nativelib.ProcessStats;

class ProbesTest {

    private static final int MIB = 1 << 20;

    @Test
    void settledHeapSeesRetainedBytesAndTheirRelease() {
        long before = HeapProbe.settled().usedBytes();
        byte[][] retained = new byte[32][];
        for (int i = 0; i < retained.length; i++) {
            retained[i] = new byte[256 * 1024]; // 8 MiB in arrays below the humongous threshold
        }
        long held = HeapProbe.settled().usedBytes() - before;
        assertTrue(Math.abs(held - 8 * MIB) < MIB, "held " + held);
        assertEquals(256 * 1024, retained[31].length); // keeps the arrays reachable until here
        retained = null;
        long after = HeapProbe.settled().usedBytes() - before;
        assertTrue(after < MIB, "after release " + after);
    }

    @Test
    void threadAllocatedBytesCountsExactly() {
        long before = HeapProbe.threadAllocatedBytes();
        byte[] array = new byte[1_000_000];
        long allocated = HeapProbe.threadAllocatedBytes() - before;
        assertEquals(1_000_000, array.length);
        // the array (16-byte header + data) and nothing much else
        assertTrue(allocated >= 1_000_016 && allocated < 1_000_016 + 64 * 1024, "allocated " + allocated);
    }

    /** The median of three trials: one JIT compilation mallocing beside a trial cannot move it. */
    private static long median(java.util.function.LongSupplier trial) {
        long[] results = {trial.getAsLong(), trial.getAsLong(), trial.getAsLong()};
        Arrays.sort(results);
        return results[1];
    }

    @Test
    void trackedAndProcessAllocatorAgreeOnAMalloc() {
        var lib = FfmNative.get();
        long tracked = median(() -> {
            long before = NativeProbe.trackedLiveBytes();
            long block = lib.malloc(16 * MIB);
            long grown = NativeProbe.trackedLiveBytes() - before;
            lib.free(block);
            return grown;
        });
        assertEquals(16 * MIB, tracked);
        if (NativeProbe.allocatorInUseBytes() != ProcessStats.UNSUPPORTED) {
            long allocator = median(() -> {
                long before = NativeProbe.allocatorInUseBytes();
                long block = lib.malloc(16 * MIB);
                long grown = NativeProbe.allocatorInUseBytes() - before;
                lib.free(block);
                return grown;
            });
            // the JVM's own threads malloc too: allow 2 MiB either way
            assertTrue(Math.abs(allocator - 16 * MIB) < 2 * MIB, "allocator grew " + allocator);
        }
    }

    @Test
    void residentSizeGrowsWhenPagesAreTouched() {
        var lib = FfmNative.get();
        long pageSize = lib.pageSize();
        long[] faults = new long[1];
        long resident = median(() -> {
            // a fresh mapping each trial (lab 06's C, bound here): a freed malloc block could come
            // back already resident
            long block = VirtualMemory.reserve(32 * MIB);
            assertEquals(0, VirtualMemory.commit(block, 32 * MIB));
            ProcessStats untouched = ProcessProbe.now();
            lib.touchPages(block, 32 * MIB);
            ProcessStats touched = ProcessProbe.now();
            assertEquals(0, VirtualMemory.release(block, 32 * MIB));
            faults[0] = Math.max(faults[0], touched.minorFaults() - untouched.minorFaults());
            return touched.residentBytes() - untouched.residentBytes();
        });
        assertTrue(resident >= 29 * MIB, "resident grew " + resident);
        assertTrue(faults[0] >= (32 * MIB) / pageSize / 512);
    }

    @Test
    void directBufferPoolCountsAllocateDirect() {
        long before = NativeProbe.directBufferBytes();
        var buffer = java.nio.ByteBuffer.allocateDirect(3 * MIB);
        assertEquals(3 * MIB, NativeProbe.directBufferBytes() - before);
        assertEquals(3 * MIB, buffer.capacity());
    }

    @Test
    void jolSizesMatchTheKnownArrayLayout() {
        // a byte[] is a 16-byte header (mark word, compressed class pointer, length) plus data, 8-aligned
        for (int n : new int[] {0, 1, 7, 8, 9, 1000}) {
            assertEquals(16 + ((n + 7) / 8) * 8, ObjectSizes.shallowBytes(new byte[n]), "byte[" + n + "]");
        }
        Integer[] boxes = new Integer[4];
        Arrays.setAll(boxes, i -> 1000 + i); // outside the Integer cache: four distinct objects
        assertEquals(ObjectSizes.shallowBytes(boxes) + 4 * ObjectSizes.shallowBytes(boxes[0]),
                ObjectSizes.deepBytes(boxes));
    }

    @Test
    void deepSizeIsGraphLayoutsTotalWithoutItsRecords() {
        // GraphStats (deepBytes) against GraphLayout, which records every object: the same total, for
        // shared objects, a cycle, boxes in and out of the Integer cache, strings and arrays
        Map<String, Object> graph = new HashMap<>();
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            list.add(i % 3 == 0 ? Integer.valueOf(i) : "item " + i);
        }
        list.add(list.get(1)); // shared, counted once
        graph.put("list", list);
        graph.put("self", graph); // a cycle
        graph.put("array", new long[][] {new long[100], new long[7]});
        assertEquals(org.openjdk.jol.info.GraphLayout.parseInstance(graph).totalSize(), ObjectSizes.deepBytes(graph));
    }

    @Test
    void nmtSummaryParsing() {
        String summary = """
                Native Memory Tracking:
                Total: reserved=1000KB, committed=500KB
                -                 Java Heap (reserved=262144KB, committed=65536KB)
                -                     Other (reserved=32768KB, committed=32768KB)
                                            (malloc=32768KB #2)
                """;
        assertEquals(32L << 20, NmtProbe.committedBytes(summary, "Other").orElseThrow());
        assertEquals(64L << 20, NmtProbe.committedBytes(summary, "Java Heap").orElseThrow());
        assertTrue(NmtProbe.committedBytes(summary, "Thread").isEmpty());
        assertTrue(NmtProbe.committedBytes("Other").isEmpty(), "this test JVM runs without NMT");
    }

    /** JDK 25's summary: sub-lines carry a tag= field, and the total leads. */
    @Test
    void nmtCategoriesAndTotalParsing() {
        String summary = """
                Native Memory Tracking:
                Total: reserved=1307266KB, committed=136170KB
                       malloc: 20123KB #123456
                -                    Thread (reserved=1052KB, committed=110KB)
                                            (threads #1)
                                            (stack: reserved=1048KB, committed=106KB, peak=106KB)
                                            (malloc=3KB tag=Thread #9)
                -                     Other (reserved=64000KB, committed=64000KB)
                                            (malloc=64000KB tag=Other #1000)
                """;
        Map<String, Long> committed = NmtProbe.committedByCategory(summary);
        assertEquals(List.of("Thread", "Other", NmtProbe.TOTAL_CATEGORY), List.copyOf(committed.keySet()));
        assertEquals(110L << 10, committed.get("Thread"));
        assertEquals(64000L << 10, committed.get("Other"));
        assertEquals(136170L << 10, committed.get(NmtProbe.TOTAL_CATEGORY));
        assertTrue(NmtProbe.committedByCategory().isEmpty(), "this test JVM runs without NMT");
    }

    /** memlab_vm_reserve, _commit and _release (native/include/lab06_virtual_memory.h), bound for this test. */
    private static final class VirtualMemory {
        private static final MethodHandle RESERVE = Ffm.bind("memlab_vm_reserve",
                FunctionDescriptor.of(ValueLayout.ADDRESS, CTypes.SIZE_T));
        private static final MethodHandle COMMIT = Ffm.bind("memlab_vm_commit",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, CTypes.SIZE_T));
        private static final MethodHandle RELEASE = Ffm.bind("memlab_vm_release",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, CTypes.SIZE_T));

        static long reserve(long bytes) {
            try {
                return ((MemorySegment) RESERVE.invokeExact(bytes)).address();
            } catch (Throwable t) {
                throw Ffm.rethrow(t);
            }
        }

        static int commit(long address, long bytes) {
            try {
                return (int) COMMIT.invokeExact(MemorySegment.ofAddress(address), bytes);
            } catch (Throwable t) {
                throw Ffm.rethrow(t);
            }
        }

        static int release(long address, long bytes) {
            try {
                return (int) RELEASE.invokeExact(MemorySegment.ofAddress(address), bytes);
            } catch (Throwable t) {
                throw Ffm.rethrow(t);
            }
        }
    }
}
