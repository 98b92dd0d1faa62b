package memlab.nativelib;

/**
 * What the labs call in the memlab C library, whichever binding carries the call.
 * Addresses are plain {@code long}s (0 is NULL) so FFM and JNR look identical to a lab;
 * each implementation converts them to its own pointer type at the edge.
 */
public interface NativeMemory {

    /** "ffm" or "jnr". */
    String binding();

    String version();

    long malloc(long bytes);

    long calloc(long count, long size);

    long realloc(long address, long bytes);

    void free(long address);

    AllocStats allocStats();

    void resetPeak();

    ProcessStats processStats();

    long pageSize();

    void touchPages(long address, long bytes);

    /** Copies Java bytes into native memory at {@code address}. */
    void copyFrom(byte[] source, long address);

    /** Lab 01: a tracked int32 buffer of start, start+step, ... below stop. */
    NativeBuffer rangeMaterialize(int start, int stop, int step);

    long rangeSumBuffer(long address, long count);

    /** Lab 01: the lazy range, a tracked struct of start/stop/step and a cursor; 0 if step <= 0. */
    long rangeNew(int start, int stop, int step);

    /** The next value of a lazy range, or {@link #RANGE_END}. */
    long rangeNext(long range);

    long RANGE_END = Long.MIN_VALUE;

    /** Lab 02: a ring of reference-counted nodes; mode {@link #RING_STRONG} or {@link #RING_WEAK_BACK}. */
    long rcRing(long nodes, long payloadBytes, int mode);

    int RING_STRONG = 0;
    int RING_WEAK_BACK = 1;

    void rcRelease(long node);

    void rcUnlink(long node);

    long rcCount(long node);

    /**
     * Lab 03: the addresses of struct memlab_layout, by field name, in declaration order; kept
     * alive until {@link #layoutRelease}. Empty if a capture is already held.
     */
    java.util.Map<String, Long> layoutCapture();

    void layoutRelease();

    /** Lab 04: {@code calls} calls of a function with a 1 KiB stack array, timed inside C. */
    LoopTiming stackLoop(long calls);

    /** Lab 04: the same with the buffer from malloc/free. */
    LoopTiming heapLoop(long calls);

    /** A C loop's own timing: total nanoseconds and a checksum that proves the work was done. */
    record LoopTiming(long nanos, long checksum) {
    }

    /** Lab 06: reserved address space with nothing behind it; 0 on failure. */
    long vmReserve(long bytes);

    /** 0 on success. */
    int vmCommit(long address, long bytes);

    int vmRelease(long address, long bytes);

    long vmRandomReads(long address, long bytes, long reads);

    /** Lab 07: recursion to {@code target} frames of 256 bytes, storing the depth at {@code depthAddress}. */
    long recurse(long target, long depthAddress);

    /** Lab 07: the same, refusing (-1) past {@code maxDepth}. */
    long recurseBounded(long target, long maxDepth, long depthAddress);

    long iterate(long target);

    /** Lab 05: a tracked chunk, written when {@code writePages}; 0 when malloc failed. */
    long leakChunk(long bytes, boolean writePages);

    /** Lab 08: the byte sum of memory C does not own. */
    long arenaChecksum(long address, long bytes);

    /** Lab 12: {@code count} tracked blocks of {@code blockBytes}, each written; 0 when malloc failed. */
    long blocksAlloc(long count, long blockBytes);

    /** Frees every block but every {@code keepEvery}-th (0: all of them); returns the blocks kept. */
    long blocksFree(long blocks, long keepEvery);

    /** Frees what is left of the blocks and their handle. */
    void blocksRelease(long blocks);

    /** malloc_trim(0) on glibc: 1 released memory, 0 none, {@link ProcessStats#UNSUPPORTED} elsewhere. */
    int allocatorTrim();

    /** Bytes the C allocator holds from the OS, used or free; {@link ProcessStats#UNSUPPORTED} where unknown. */
    long allocatorHeldBytes();

    /** Kills the calling process with a null write. Only ever from a child JVM. */
    void crashNullWrite();
}
