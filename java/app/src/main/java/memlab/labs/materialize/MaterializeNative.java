package memlab.labs.materialize;

import memlab.nativelib.Binding;

/** Lab 01's own C functions (native/include/lab01_materialize.h), through either binding. */
interface MaterializeNative {

    /** What {@link RangeCursor#next} returns once the range is exhausted: C's MEMLAB_RANGE_END. */
    long RANGE_END = Long.MIN_VALUE;

    /** A tracked int32 buffer and how many values C put in it. */
    record Int32Buffer(long address, long count) {
    }

    /** A lazy range, wrapped once for a hot loop: each {@link #next} is one downcall, nothing else. */
    interface RangeCursor {

        /** The next value of the range, or {@link #RANGE_END}. */
        long next();
    }

    /** The list: a tracked int32 buffer of start, start+step, ... below stop; address 0 if step <= 0. */
    Int32Buffer rangeMaterialize(int start, int stop, int step);

    /** The sum of {@code count} int32 values at {@code address}, summed in C. */
    long rangeSumBuffer(long address, long count);

    /** The lazy range: a tracked 16-byte struct of start/stop/step and a cursor; 0 if step <= 0. */
    long rangeNew(int start, int stop, int step);

    /** The range at {@code range} (from {@link #rangeNew}), wrapped once in this binding's pointer type. */
    RangeCursor cursor(long range);

    static MaterializeNative of(Binding binding) {
        return binding.pick(MaterializeFfm::new, MaterializeJnr::new);
    }
}
