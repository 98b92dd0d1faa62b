package memlab.labs.throwaway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import memlab.lab.Budget;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.measure.NativeProbe;
import memlab.nativelib.NativeMemory;
import memlab.util.Sizes;

/**
 * Lab 14 — throwaway. The smallest lab with C code of its own, added to check ADDING_A_LAB.md's
 * list of files against what a new lab really needs, and removed in the next commit.
 *
 * <ul>
 *   <li>{@code heap_array}: a {@code byte[]} of --size bytes, filled.</li>
 *   <li>{@code ffm_filled}, {@code jnr_filled}: the same bytes from the C library's tracked
 *       allocator, filled in C; the tracked allocator counts them exactly.</li>
 * </ul>
 */
public final class Lab14_Throwaway implements Lab {

    static final LabInfo INFO = LabInfo.lab(14, "throwaway")
            .title("Throwaway: a filled block on each side")
            .seed("none (a check of the guide)", "none")
            .question("Does a new lab need only the files the guide lists?")
            .lesson("""
                    A block of bytes held on the heap or in C holds as many bytes either way; C's are counted
                    exactly by the tracked allocator.""")
            .count("blocks", "blocks", 1)
            .size("size_bytes", "bytes per block")
            .defaults(1L << 20, 1)
            .quick(64L << 10, 1)
            .build();

    @Override
    public LabInfo info() {
        return INFO;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        return Budget.Plan.of(params.sizeBytes(), params.sizeBytes());
    }

    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "array");
            case FFM, JNR -> Variant.of(side, "filled");
        };
    }

    @Override
    public LabResult run(LabContext context) {
        long size = context.params().sizeBytes();
        List<Row> rows = new ArrayList<>();
        for (Variant variant : context.variants(Lab14_Throwaway::variants)) {
            Row row = new Row(variant);
            if (variant.side() == Side.HEAP) {
                byte[] block = new byte[Math.toIntExact(size)];
                Arrays.fill(block, (byte) 7);
                row.metric(Metrics.HELD, (long) block.length);
            } else {
                NativeMemory memory = variant.side().memory();
                long before = NativeProbe.trackedLiveBytes();
                long block = ThrowawayNative.of(variant.side().binding()).filled(size, 7);
                row.metric(Metrics.HELD, NativeProbe.trackedLiveBytes() - before);
                memory.free(block);
            }
            rows.add(row);
        }
        return result(context, rows.size() + " blocks of " + Sizes.format(size) + " held.", rows);
    }
}
