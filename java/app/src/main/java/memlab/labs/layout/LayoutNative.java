package memlab.labs.layout;

import java.lang.foreign.StructLayout;
import java.util.Map;

import memlab.nativelib.Binding;
import memlab.nativelib.CTypes;

/** Lab 03's own C functions (native/include/lab03_layout.h), through either binding. */
interface LayoutNative {

    /** struct memlab_layout: eight addresses as uint64_t, in declaration order. */
    StructLayout LAYOUT = CTypes.int64Struct("memlab_layout",
            "text", "data", "bss", "heap_small", "heap_large", "stack", "thread_stack", "mmap_anon");

    /**
     * The addresses of struct memlab_layout, by field name, in declaration order; everything they
     * point to is kept alive until {@link #layoutRelease}. Empty if a capture is already held.
     */
    Map<String, Long> layoutCapture();

    /** Frees the blocks, unmaps the mapping and ends the parked thread of the capture held, if any. */
    void layoutRelease();

    static LayoutNative of(Binding binding) {
        return binding.pick(LayoutFfm::new, LayoutJnr::new);
    }
}
