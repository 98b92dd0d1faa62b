package memlab.labs.stackoverflow;

import memlab.nativelib.Binding;

/** Lab 07's own C functions (native/include/lab07_stack_overflow.h), through either binding. */
interface StackOverflowNative {

    /**
     * Recursion to {@code target} frames of 256 bytes each, storing the depth reached at
     * {@code depthAddress} (when not 0) at every call, so memory shared with another process keeps it
     * even when this one dies of the overflow. Returns a checksum of the frames: {@code target}.
     */
    long recurse(long target, long depthAddress);

    /** The same, refusing (-1) instead of recursing past {@code maxDepth}. */
    long recurseBounded(long target, long maxDepth, long depthAddress);

    /** The same computation as a loop: one frame whatever the target. */
    long iterate(long target);

    static StackOverflowNative of(Binding binding) {
        return binding.pick(StackOverflowFfm::new, StackOverflowJnr::new);
    }
}
