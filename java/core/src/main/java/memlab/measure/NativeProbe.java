package memlab.measure;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

import memlab.nativelib.AllocStats;
import memlab.nativelib.FfmNative;

/**
 * Native memory, three witnesses that see different things:
 * <ul>
 *   <li>the memlab tracked allocator: exact, but only memory allocated through memlab_malloc;</li>
 *   <li>the process allocator's in-use bytes (glibc mallinfo2, macOS malloc zones, Windows
 *       heap summary): every malloc in the process, the JVM's own and FFM arenas' included;</li>
 *   <li>the JDK's direct buffer pool: ByteBuffer.allocateDirect only.</li>
 * </ul>
 */
public final class NativeProbe {

    private NativeProbe() {
    }

    /** The tracked allocator's counters; {@link AllocStats#minus} gives what happened between two. */
    public static AllocStats tracked() {
        return FfmNative.get().allocStats();
    }

    public static long trackedLiveBytes() {
        return tracked().liveBytes();
    }

    public static long allocatorInUseBytes() {
        return FfmNative.get().processStats().allocatorInUseBytes();
    }

    public static long directBufferBytes() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return -1;
    }
}
