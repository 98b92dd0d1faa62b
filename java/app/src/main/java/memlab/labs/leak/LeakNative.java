package memlab.labs.leak;

import memlab.nativelib.Binding;

/** Lab 05's own C function (native/include/lab05_leak.h), through either binding. */
interface LeakNative {

    /** A tracked chunk of {@code bytes}, written when {@code writePages}; 0 when malloc failed. */
    long leakChunk(long bytes, boolean writePages);

    static LeakNative of(Binding binding) {
        return binding.pick(LeakFfm::new, LeakJnr::new);
    }
}
