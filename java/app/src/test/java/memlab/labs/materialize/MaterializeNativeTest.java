package memlab.labs.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.labs.materialize.MaterializeNative.Int32Buffer;
import memlab.labs.materialize.MaterializeNative.RangeCursor;
import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

/** Lab 01's binding pair: FFM and JNR calls of memlab_range_* do the same to the same library. */
class MaterializeNativeTest {

    private static final List<Binding> BOTH = List.of(Binding.FFM, Binding.JNR);

    /** Every value of a lazy range, through its cursor. */
    private static List<Long> drain(RangeCursor cursor) {
        List<Long> values = new ArrayList<>();
        for (long value; (value = cursor.next()) != MaterializeNative.RANGE_END; ) {
            values.add(value);
        }
        return values;
    }

    @Test
    void theMaterializedRangeIsFourBytesAValueAndSumsTheSame() {
        List<AllocStats> moved = new ArrayList<>();
        for (Binding binding : BOTH) {
            NativeMemory memory = binding.memory();
            MaterializeNative range = MaterializeNative.of(binding);
            AllocStats before = memory.allocStats();
            Int32Buffer buffer = range.rangeMaterialize(3, 100, 7); // 3, 10, ..., 94
            assertEquals(14, buffer.count(), binding.id());
            assertEquals(14 * 4, memory.allocStats().minus(before).liveBytes(), binding.id());
            assertEquals(679, range.rangeSumBuffer(buffer.address(), buffer.count()), binding.id());
            memory.free(buffer.address());
            moved.add(memory.allocStats().minus(before));
            assertEquals(before.liveBytes(), memory.allocStats().liveBytes(), binding.id());
        }
        assertTotalsAgree(moved);
    }

    @Test
    void theLazyRangeIsOneSixteenByteStructAndYieldsTheSameValues() {
        List<AllocStats> moved = new ArrayList<>();
        for (Binding binding : BOTH) {
            NativeMemory memory = binding.memory();
            MaterializeNative range = MaterializeNative.of(binding);
            AllocStats before = memory.allocStats();
            long lazy = range.rangeNew(3, 100, 7);
            assertEquals(16, memory.allocStats().minus(before).liveBytes(), binding.id());
            List<Long> values = drain(range.cursor(lazy));
            assertEquals(14, values.size(), binding.id());
            assertEquals(List.of(3L, 10L, 17L), values.subList(0, 3), binding.id());
            assertEquals(679, values.stream().mapToLong(Long::longValue).sum(), binding.id());
            // the position lives in the C struct: another cursor over the same range finds it exhausted too
            assertEquals(MaterializeNative.RANGE_END, range.cursor(lazy).next(), binding.id());
            memory.free(lazy);
            moved.add(memory.allocStats().minus(before));
            assertEquals(before.liveBytes(), memory.allocStats().liveBytes(), binding.id());
        }
        assertTotalsAgree(moved);
    }

    @Test
    void theCursorSaturatesAtTheTopOfTheIntRangeInsteadOfOverflowing() {
        for (Binding binding : BOTH) {
            MaterializeNative range = MaterializeNative.of(binding);
            long lazy = range.rangeNew(Integer.MAX_VALUE - 5, Integer.MAX_VALUE, 4);
            assertEquals(List.of((long) Integer.MAX_VALUE - 5, (long) Integer.MAX_VALUE - 1), drain(range.cursor(lazy)),
                    binding.id());
            binding.memory().free(lazy);
        }
    }

    @Test
    void aNonPositiveStepIsNullAndAnEmptyRangeIsAnEmptyBuffer() {
        for (Binding binding : BOTH) {
            NativeMemory memory = binding.memory();
            MaterializeNative range = MaterializeNative.of(binding);
            assertEquals(new Int32Buffer(0, 0), range.rangeMaterialize(0, 10, 0), binding.id());
            assertEquals(0, range.rangeNew(0, 10, -1), binding.id());
            Int32Buffer empty = range.rangeMaterialize(10, 0, 1);
            assertEquals(0, empty.count(), binding.id());
            assertEquals(0, range.rangeSumBuffer(empty.address(), empty.count()), binding.id());
            memory.free(empty.address());
            long lazy = range.rangeNew(10, 0, 1);
            assertEquals(MaterializeNative.RANGE_END, range.cursor(lazy).next(), binding.id());
            memory.free(lazy);
        }
    }

    /** Both bindings moved the tracked allocator by the same blocks and bytes. */
    private static void assertTotalsAgree(List<AllocStats> moved) {
        AllocStats ffm = moved.get(0);
        AllocStats jnr = moved.get(1);
        assertEquals(ffm.liveBytes(), jnr.liveBytes());
        assertEquals(ffm.liveBlocks(), jnr.liveBlocks());
        assertEquals(ffm.totalAllocatedBytes(), jnr.totalAllocatedBytes());
        assertEquals(ffm.totalAllocations(), jnr.totalAllocations());
        assertEquals(ffm.totalFrees(), jnr.totalFrees());
        assertEquals(1, ffm.totalAllocations());
        assertEquals(1, ffm.totalFrees());
    }
}
