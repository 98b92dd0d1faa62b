package memlab.labs.stackvsheap;

import memlab.nativelib.Binding;

/**
 * Lab 04's own C functions (native/include/lab04_stack_vs_heap.h), through either binding. Public:
 * the JMH benchmark {@code memlab.bench.Lab04_StackVsHeapBench} times the same loops.
 */
public interface StackVsHeapNative {

    /** {@code calls} calls of a function with a 1 KiB stack array, in one C loop timed inside C. */
    LoopTiming stackLoop(long calls);

    /** The same with the buffer from malloc, freed each call. */
    LoopTiming heapLoop(long calls);

    /** A C loop's own timing: total nanoseconds and a checksum that proves the work was done. */
    record LoopTiming(long nanos, long checksum) {
    }

    static StackVsHeapNative of(Binding binding) {
        return binding.pick(StackVsHeapFfm::new, StackVsHeapJnr::new);
    }
}
