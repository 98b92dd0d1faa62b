package memlab.labs.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.labs.LabRunner;
import memlab.util.Sizes;

class Lab13_PayloadTest {

    @Test
    void keptBytesAreRetainedAndTimeAndSizeAreNot() {
        LabResult result = LabRunner.run(new Lab13_Payload(), new Params(128 << 10, 5));
        Row keep = result.row("heap_keep_serialized");
        Row lean = result.row("heap_time_size_only");
        long serialized = keep.longMetric(Lab13_Payload.SERIALIZED);
        assertTrue(serialized > 5 * (128 << 10), "Java serialization adds a header to each item");
        assertTrue(keep.longMetric(Metrics.DEEP_SIZE) >= serialized, keep.toString());
        // two witnesses of the same retention: JOL's deep size and the heap after a full GC
        assertTrue(Math.abs(keep.longMetric(Lab13_Payload.HEAP_RETAINED) - keep.longMetric(Metrics.DEEP_SIZE))
                < serialized / 10, keep.toString());
        assertTrue(lean.longMetric(Metrics.DEEP_SIZE) < 512, lean.toString());
        assertTrue(result.reading().contains("retain " + Sizes.format(keep.longMetric(Metrics.DEEP_SIZE)) + " (JOL deep)"),
                result.reading());

        for (String side : List.of("ffm", "jnr")) {
            assertEquals(result.row(side + "_keep_buffers").longMetric(Lab13_Payload.SERIALIZED),
                    result.row(side + "_keep_buffers").longMetric(Metrics.TRACKED_LIVE), side);
            assertEquals(0, result.row(side + "_free_buffers").longMetric(Metrics.TRACKED_LIVE), side);
        }
    }

    @Test
    void aTimeAndSizeRecordIsTheSameSizeWhateverItMeasured() {
        // run in this JVM (surefire gives it JOL's flags): two item sizes 64x apart
        Variant timeSizeOnly = new Variant(Side.HEAP, "time_size_only");
        Row small = new Lab13_Payload.Task().run(new VariantArgs(timeSizeOnly, 4 << 10, 3));
        Row large = new Lab13_Payload.Task().run(new VariantArgs(timeSizeOnly, 256 << 10, 3));
        assertEquals(small.longMetric(Metrics.DEEP_SIZE), large.longMetric(Metrics.DEEP_SIZE));
        assertEquals(small.longMetric(Lab13_Payload.PER_ITEM_DEEP_SIZE),
                large.longMetric(Lab13_Payload.PER_ITEM_DEEP_SIZE));
    }
}
