package memlab.labs.materialize;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.LongLongByReference;
import jnr.ffi.types.int64_t;

import memlab.nativelib.Jnr;

/** {@link MaterializeNative} through JNR-FFI. */
final class MaterializeJnr implements MaterializeNative {

    /** The C functions as JNR binds them, by name. */
    public interface LibMaterialize {
        Pointer memlab_range_materialize(int start, int stop, int step, @Out LongLongByReference count);

        @int64_t long memlab_range_sum_buffer(Pointer values, @int64_t long count);

        Pointer memlab_range_new(int start, int stop, int step);

        @int64_t long memlab_range_next(Pointer range);
    }

    private final LibMaterialize lib = Jnr.load(LibMaterialize.class);
    private final Runtime runtime = Jnr.runtime(lib);

    @Override
    public Int32Buffer rangeMaterialize(int start, int stop, int step) {
        LongLongByReference count = new LongLongByReference();
        long address = Jnr.address(lib.memlab_range_materialize(start, stop, step, count));
        return new Int32Buffer(address, count.longValue());
    }

    @Override
    public long rangeSumBuffer(long address, long count) {
        return lib.memlab_range_sum_buffer(Jnr.pointer(runtime, address), count);
    }

    @Override
    public long rangeNew(int start, int stop, int step) {
        return Jnr.address(lib.memlab_range_new(start, stop, step));
    }

    /** The JNR way for a hot loop: the address wrapped in a Pointer once, the Pointer passed each call. */
    @Override
    public RangeCursor cursor(long range) {
        Pointer pointer = Jnr.pointer(runtime, range);
        return () -> lib.memlab_range_next(pointer);
    }
}
