package memlab.labs.cycles;

import memlab.nativelib.Binding;

/** Lab 02's own C functions (native/include/lab02_cycles.h): reference-counted nodes, through either binding. */
interface CyclesNative {

    /** C's MEMLAB_RING_STRONG: every link counted, so the cycle keeps itself alive. */
    int RING_STRONG = 0;
    /** C's MEMLAB_RING_WEAK_BACK: the last node's link back to the first is uncounted. */
    int RING_WEAK_BACK = 1;

    /**
     * {@code nodes} tracked nodes of {@code payloadBytes} each, linked in a ring; returns the first,
     * holding one outside reference; 0 when malloc failed.
     */
    long rcRing(long nodes, long payloadBytes, int mode);

    /** Drops one reference; a node whose count reaches 0 is freed and releases its strong link. */
    void rcRelease(long node);

    /** Clears the node's link to the next (releasing it if the link was strong): breaks a cycle. */
    void rcUnlink(long node);

    /** The node's reference count. */
    long rcCount(long node);

    static CyclesNative of(Binding binding) {
        return binding.pick(CyclesFfm::new, CyclesJnr::new);
    }
}
