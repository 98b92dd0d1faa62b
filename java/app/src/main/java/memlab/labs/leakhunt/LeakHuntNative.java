package memlab.labs.leakhunt;

import memlab.nativelib.Binding;

/**
 * The C function lab 10 calls beyond the shared allocator, through either binding: its "analyze"
 * step reads each specimen with memlab_arena_checksum (native/include/lab08_arena.h, lab 08's C).
 */
interface LeakHuntNative {

    /** The sum of {@code bytes} bytes at {@code address}. */
    long checksum(long address, long bytes);

    static LeakHuntNative of(Binding binding) {
        return binding.pick(LeakHuntFfm::new, LeakHuntJnr::new);
    }
}
