package memlab.labs.retention;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import memlab.lab.Metric;
import memlab.lab.Metrics;
import memlab.lab.Row;
import memlab.measure.HeapProbe;
import memlab.measure.ObjectSizes;
import memlab.measure.ProcessProbe;
import memlab.nativelib.ProcessStats;

import static memlab.labs.retention.Lab12_Retention.BATCH_BYTES;
import static memlab.labs.retention.Lab12_Retention.HEAP_COMMITTED;
import static memlab.labs.retention.Lab12_Retention.HEAP_SLICE_BYTES;
import static memlab.labs.retention.Lab12_Retention.RSS_AFTER_GC;
import static memlab.labs.retention.Lab12_Retention.UNCOMMIT_WAIT;

/** Lab 12's heap side: 64 KiB arrays held in a list, dropped, collected, under the child's collector settings. */
final class HeapPhases extends Phases {

    private static final int SETTLED_POLLS = 8;
    private static final int POLL_MILLIS = 25;
    private static final int SETTLE_LIMIT_MILLIS = 5_000;

    /** G1 returns the pages of a shrunk heap after the collection, on a concurrent uncommit task. */
    private static final boolean CONCURRENT_UNCOMMIT = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .anyMatch(collector -> collector.getName().startsWith("G1"));

    private List<byte[]> held = new ArrayList<>();
    private long uncommitWaitNanos;

    HeapPhases(Row row, long loadBytes) {
        super(row, loadBytes);
    }

    @Override
    void warmUp() {
        held = fill(4L << 20);
        held = new ArrayList<>();
        HeapProbe.settled();
    }

    @Override
    long applicationBytes() {
        return held.isEmpty() ? 0 : ObjectSizes.deepBytes(held);
    }

    @Override
    Map<String, Long> systemBytes(ProcessStats now) {
        var heap = HeapProbe.now();
        return Map.of(HEAP_COMMITTED, heap.committedBytes(), Metrics.HEAP_USED.name(), heap.usedBytes());
    }

    @Override
    void doLoad() {
        held = fill(loadBytes);
    }

    @Override
    void doFree() {
        held = new ArrayList<>(); // dropped: garbage, but no collection has looked yet
    }

    @Override
    void doBatches() {
        for (long done = 0; done < loadBytes; done += BATCH_BYTES) {
            List<byte[]> batch = fill(BATCH_BYTES); // garbage at the next young collection
            if (batch.isEmpty()) {
                throw new IllegalStateException("empty batch");
            }
        }
    }

    @Override
    String doGiveBack() {
        long committedBefore = HeapProbe.now().committedBytes();
        System.gc();
        // only a G1 heap that shrank has pages still on their way back: Serial and Parallel unmap
        // inside the collection, and a heap that kept its size gives nothing back
        boolean pagesToCome = CONCURRENT_UNCOMMIT && HeapProbe.now().committedBytes() < committedBefore;
        uncommitWaitNanos = pagesToCome ? waitForResidentToSettle() : 0;
        return "System.gc()";
    }

    /**
     * G1 shrinks the committed heap inside the full collection but hands the pages back to the OS
     * later, on a concurrent "uncommit" task (about 100 ms for 1 GiB here). RSS is read once it has
     * stopped falling: {@value #SETTLED_POLLS} polls {@value #POLL_MILLIS} ms apart that moved it by
     * less than 1 MiB, or after {@value #SETTLE_LIMIT_MILLIS} ms. Returns how long that took.
     */
    private static long waitForResidentToSettle() {
        long began = System.nanoTime();
        long deadline = began + SETTLE_LIMIT_MILLIS * 1_000_000L;
        long previous = ProcessProbe.residentBytes();
        int quiet = 0;
        while (quiet < SETTLED_POLLS && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = ProcessProbe.residentBytes();
            quiet = previous - now < (1 << 20) ? quiet + 1 : 0;
            previous = now;
        }
        return System.nanoTime() - began;
    }

    @Override
    Metric giveBackMetric() {
        return RSS_AFTER_GC;
    }

    @Override
    Row summarize() {
        return super.summarize().metric(UNCOMMIT_WAIT, uncommitWaitNanos);
    }

    private static List<byte[]> fill(long bytes) {
        List<byte[]> slices = new ArrayList<>();
        for (long done = 0; done < bytes; done += HEAP_SLICE_BYTES) {
            byte[] slice = new byte[HEAP_SLICE_BYTES];
            Arrays.fill(slice, (byte) 0x5A); // written, as real data is
            slices.add(slice);
        }
        return slices;
    }
}
