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

    /** Lab 05: a tracked chunk, written when {@code writePages}; 0 when malloc failed. */
    long leakChunk(long bytes, boolean writePages);

    /** Lab 08: the byte sum of memory C does not own. */
    long arenaChecksum(long address, long bytes);

    /** Kills the calling process with a null write. Only ever from a child JVM. */
    void crashNullWrite();
}
