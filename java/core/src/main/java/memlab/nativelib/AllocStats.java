package memlab.nativelib;

/** A snapshot of the tracked allocator (struct memlab_alloc_stats); exact. */
public record AllocStats(long liveBytes, long liveBlocks, long peakLiveBytes,
                         long totalAllocatedBytes, long totalAllocations, long totalFrees) {

    static AllocStats of(long[] fields) {
        return new AllocStats(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    /** What happened between {@code earlier} and this snapshot (peak is kept, not subtracted). */
    public AllocStats minus(AllocStats earlier) {
        return new AllocStats(liveBytes - earlier.liveBytes, liveBlocks - earlier.liveBlocks, peakLiveBytes,
                totalAllocatedBytes - earlier.totalAllocatedBytes,
                totalAllocations - earlier.totalAllocations, totalFrees - earlier.totalFrees);
    }
}
