package memlab.labs.throwaway;

import memlab.nativelib.Binding;

/** Lab 14's own C function (native/include/lab14_throwaway.h), through either binding. */
interface ThrowawayNative {

    /** A tracked block of {@code bytes}, every byte {@code value}; 0 when malloc failed. */
    long filled(long bytes, int value);

    static ThrowawayNative of(Binding binding) {
        return binding.pick(ThrowawayFfm::new, ThrowawayJnr::new);
    }
}
