package memlab.labs.retention;

import java.util.LinkedHashMap;
import java.util.Map;

import memlab.lab.Metric;
import memlab.lab.Metrics;
import memlab.lab.Row;
import memlab.measure.NativeProbe;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.OsSupport;
import memlab.nativelib.ProcessStats;
import memlab.util.Sizes;

import static memlab.labs.retention.Lab12_Retention.BATCH_BYTES;
import static memlab.labs.retention.Lab12_Retention.BLOCKS_KEPT;
import static memlab.labs.retention.Lab12_Retention.RSS_AFTER_TRIM;

/** Lab 12's native side: many tracked blocks from the C library, freed, trimmed. */
final class NativePhases extends Phases {
    private final NativeMemory memory;
    private final RetentionNative retention;
    private final long trackedStart;
    private final long blockBytes;
    private long blocks;

    NativePhases(Row row, NativeMemory memory, RetentionNative retention, long loadBytes, long blockBytes) {
        super(row, loadBytes);
        this.memory = memory;
        this.retention = retention;
        this.blockBytes = blockBytes;
        this.trackedStart = NativeProbe.trackedLiveBytes();
    }

    @Override
    void warmUp() {
        // small blocks whatever the variant: freeing a block above the mmap threshold would
        // raise glibc's threshold, and the large blocks would no longer get mappings of their own
        retention.blocksRelease(requireBlocks(retention.blocksAlloc(16, 64)));
        memory.allocatorTrim();
    }

    @Override
    long applicationBytes() {
        return NativeProbe.trackedLiveBytes() - trackedStart;
    }

    @Override
    Map<String, Long> systemBytes(ProcessStats now) {
        // what this OS's C library cannot report is left out of the point, not written as -1 B
        Map<String, Long> figures = new LinkedHashMap<>();
        long held = retention.allocatorHeldBytes();
        if (held != ProcessStats.UNSUPPORTED) {
            figures.put(Metrics.ALLOCATOR_HELD.name(), held);
        }
        if (now.allocatorInUseBytes() != ProcessStats.UNSUPPORTED) {
            figures.put(Metrics.ALLOCATOR_IN_USE.name(), now.allocatorInUseBytes());
        }
        return figures;
    }

    @Override
    void doLoad() {
        blocks = requireBlocks(retention.blocksAlloc(loadBytes / blockBytes, blockBytes));
    }

    @Override
    void doFree() {
        retention.blocksRelease(blocks);
        blocks = 0;
    }

    void freeAllBut(int keepEvery) {
        row.metric(BLOCKS_KEPT, retention.blocksFree(blocks, keepEvery)); // each pins its page
    }

    @Override
    void doBatches() {
        for (long done = 0; done < loadBytes; done += BATCH_BYTES) {
            retention.blocksRelease(requireBlocks(retention.blocksAlloc(BATCH_BYTES / blockBytes, blockBytes)));
        }
    }

    @Override
    String doGiveBack() {
        int trimmed = memory.allocatorTrim();
        if (trimmed == ProcessStats.UNSUPPORTED) {
            row.label("malloc_trim", OsSupport.ALLOCATOR_TRIM.unsupportedHere());
            return null;
        }
        row.label("malloc_trim", trimmed == 1 ? "returned memory" : "had nothing to return");
        return "malloc_trim(0)";
    }

    @Override
    Metric giveBackMetric() {
        return RSS_AFTER_TRIM;
    }

    private long requireBlocks(long address) {
        if (address == 0) {
            throw new OutOfMemoryError("malloc of " + Sizes.format(loadBytes) + " in blocks of " + blockBytes
                    + " bytes returned NULL");
        }
        return address;
    }
}
