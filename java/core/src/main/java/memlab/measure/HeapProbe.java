package memlab.measure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The GC-managed heap: used and committed bytes, collections so far, and the exact bytes this
 * thread has allocated (HotSpot counts them per thread, TLABs included).
 */
public final class HeapProbe {

    /** A collection that frees less than this counts as "nothing more to free". */
    private static final long SETTLED_BYTES = 256 * 1024;
    private static final int MAX_COLLECTIONS = 8;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private HeapProbe() {
    }

    public record HeapSnapshot(long usedBytes, long committedBytes, long gcCount) {
    }

    /** The heap as it is now, garbage included. */
    public static HeapSnapshot now() {
        var usage = MEMORY.getHeapMemoryUsage();
        return new HeapSnapshot(usage.getUsed(), usage.getCommitted(), gcCount());
    }

    /**
     * The heap after full collections until one frees almost nothing: what is still reachable.
     * System.gc() is a full, blocking collection under G1, Serial and Parallel (unless
     * -XX:+DisableExplicitGC, which memlab never sets).
     */
    public static HeapSnapshot settled() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (previous - used < SETTLED_BYTES) {
                break;
            }
            previous = used;
        }
        return now();
    }

    /**
     * Why heap used can read more than JOL for the same objects, or null when they agree (within
     * 2%, or within the few hundred KiB a settled heap moves by itself): G1 gives an array of half a
     * region or more ("humongous") whole regions, and heap used counts the regions, JOL the array.
     */
    public static String humongousNote(long heapUsedBytes, long jolBytes) {
        if (heapUsedBytes <= jolBytes * 1.02 || heapUsedBytes - jolBytes < SETTLED_BYTES) {
            return null;
        }
        return "heap used grows by " + memlab.util.Sizes.format(heapUsedBytes) + " for " + memlab.util.Sizes.format(jolBytes)
                + " of objects (JOL): G1 gives a humongous array (half a region or more) whole regions";
    }

    /** Bytes this thread has allocated on the heap since it started; exact. */
    public static long threadAllocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    public static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }
}
