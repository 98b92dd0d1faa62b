package memlab.nativelib;

/**
 * What every lab shares in the memlab C library, whichever binding carries the call: the tracked
 * allocator (memlab_malloc and friends, counted exactly), the process's own statistics, the page
 * size, and copying Java bytes into native memory. What one lab alone calls lives in that lab's
 * own binding interface, beside it ({@code memlab.labs.leak.LeakNative}).
 *
 * <p>Addresses are plain {@code long}s (0 is NULL) so FFM and JNR look identical to a lab; each
 * implementation converts them to its own pointer type at the edge.
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

    /** Starts a new peak window: the peak becomes the current live bytes. */
    void resetPeak();

    ProcessStats processStats();

    long pageSize();

    /**
     * Asks the C allocator to return its free memory to the OS (glibc: malloc_trim(0)): 1 it
     * released some, 0 none, {@link ProcessStats#UNSUPPORTED} where the allocator has no such call.
     */
    int allocatorTrim();

    /** Writes one byte in every page of the block: the pages become resident. */
    void touchPages(long address, long bytes);

    /** Copies Java bytes into native memory at {@code address}. */
    void copyFrom(byte[] source, long address);
}
