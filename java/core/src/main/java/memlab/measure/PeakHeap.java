package memlab.measure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The heap's high-water marks over a stretch of code, as the collector reports them: every
 * collection sends a notification with each pool's usage just before it (the most the heap held,
 * garbage included) and just after (what was still reachable then). Sampling heap used from a
 * timer would miss the peak; the moment before a collection is, by definition, a local maximum.
 *
 * <pre>{@code
 * try (PeakHeap peak = PeakHeap.start()) {
 *     work();
 *     PeakHeap.Marks marks = peak.marks();
 * }
 * }</pre>
 */
public final class PeakHeap implements AutoCloseable {

    /** Notifications arrive on a JMX service thread; this is how long {@link #marks()} waits for them. */
    private static final long DELIVERY_WAIT_MILLIS = 5_000;

    /** The most the heap held (before a collection, or now), the most that survived a collection, and how many ran. */
    public record Marks(long peakUsedBytes, long peakLiveBytes, long collections) {
    }

    private final Set<String> heapPools;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private final long collectionsAtStart;
    private long maxBefore;
    private long maxAfter;
    private long delivered;

    private PeakHeap() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        collectionsAtStart = collectionCount();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /** Starts listening; close it to stop. */
    public static PeakHeap start() {
        return new PeakHeap();
    }

    /**
     * The marks so far, once every collection counted since {@link #start()} has been delivered
     * (or after {@value #DELIVERY_WAIT_MILLIS} ms, whichever comes first).
     */
    public synchronized Marks marks() {
        long expected = collectionCount() - collectionsAtStart;
        long deadline = System.currentTimeMillis() + DELIVERY_WAIT_MILLIS;
        while (delivered < expected && System.currentTimeMillis() < deadline) {
            try {
                wait(50); // woken by onNotification; the timeout only bounds a lost notification
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long usedNow = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Marks(Math.max(maxBefore, usedNow), maxAfter, delivered);
    }

    private synchronized void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        maxBefore = Math.max(maxBefore, heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()));
        maxAfter = Math.max(maxAfter, heapUsed(info.getGcInfo().getMemoryUsageAfterGc()));
        delivered++;
        notifyAll();
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }

    private static long collectionCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone: nothing to undo
            }
        }
    }
}
