package memlab.labs.stackvsheap;

import jnr.ffi.annotations.Out;
import jnr.ffi.byref.LongLongByReference;
import jnr.ffi.types.int64_t;

import memlab.nativelib.Jnr;

/** {@link StackVsHeapNative} through JNR-FFI. */
final class StackVsHeapJnr implements StackVsHeapNative {

    /** The C functions as JNR binds them, by name. */
    public interface LibStackVsHeap {
        @int64_t long memlab_stack_loop_ns(@int64_t long calls, @Out LongLongByReference checksum);

        @int64_t long memlab_heap_loop_ns(@int64_t long calls, @Out LongLongByReference checksum);
    }

    private final LibStackVsHeap lib = Jnr.load(LibStackVsHeap.class);

    @Override
    public LoopTiming stackLoop(long calls) {
        LongLongByReference checksum = new LongLongByReference();
        long nanos = lib.memlab_stack_loop_ns(calls, checksum);
        return new LoopTiming(nanos, checksum.longValue());
    }

    @Override
    public LoopTiming heapLoop(long calls) {
        LongLongByReference checksum = new LongLongByReference();
        long nanos = lib.memlab_heap_loop_ns(calls, checksum);
        return new LoopTiming(nanos, checksum.longValue());
    }
}
