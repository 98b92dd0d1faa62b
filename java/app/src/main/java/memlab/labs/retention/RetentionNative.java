package memlab.labs.retention;

import memlab.nativelib.Binding;
import memlab.nativelib.ProcessStats;

/** Lab 12's own C functions (native/include/lab12_retention.h), through either binding. */
interface RetentionNative {

    /** {@code count} tracked blocks of {@code blockBytes}, each written; 0 when malloc failed. */
    long blocksAlloc(long count, long blockBytes);

    /** Frees every block but every {@code keepEvery}-th (0: all of them); returns the blocks kept. */
    long blocksFree(long blocks, long keepEvery);

    /** Frees what is left of the blocks and their handle. */
    void blocksRelease(long blocks);

    /** Bytes the C allocator holds from the OS, used or free; {@link ProcessStats#UNSUPPORTED} where unknown. */
    long allocatorHeldBytes();

    static RetentionNative of(Binding binding) {
        return binding.pick(RetentionFfm::new, RetentionJnr::new);
    }
}
