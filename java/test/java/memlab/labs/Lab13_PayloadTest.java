package memlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.VariantArgs;

class Lab13_PayloadTest {

    @Test
    void keptBytesAreRetainedAndTimeAndSizeAreNot() {
        LabResult result = LabRunner.run(new Lab13_Payload(), new Params(128 << 10, 5));
        Row keep = result.row("heap_keep_serialized");
        Row lean = result.row("heap_time_size_only");
        long serialized = keep.longMetric("serialized_bytes");
        assertTrue(serialized > 5 * (128 << 10), "Java serialization adds a header to each item");
        assertTrue(keep.longMetric("deep_size_bytes") >= serialized, keep.toString());
        // two witnesses of the same retention: JOL's deep size and the heap after a full GC
        assertTrue(Math.abs(keep.longMetric("heap_retained_bytes") - keep.longMetric("deep_size_bytes"))
                < serialized / 10, keep.toString());
        assertTrue(lean.longMetric("deep_size_bytes") < 512, lean.toString());

        for (String side : List.of("ffm", "jnr")) {
            assertEquals(result.row(side + "_keep_buffers").longMetric("serialized_bytes"),
                    result.row(side + "_keep_buffers").longMetric("tracked_live_bytes"), side);
            assertEquals(0, result.row(side + "_free_buffers").longMetric("tracked_live_bytes"), side);
        }
    }

    @Test
    void aTimeAndSizeRecordIsTheSameSizeWhateverItMeasured() {
        // run in this JVM (surefire gives it JOL's flags): two item sizes 64x apart
        Row small = new Lab13_Payload.Variant().run(new VariantArgs(Side.HEAP, "heap_time_size_only", 4 << 10, 3).toArgs());
        Row large = new Lab13_Payload.Variant().run(new VariantArgs(Side.HEAP, "heap_time_size_only", 256 << 10, 3).toArgs());
        assertEquals(small.longMetric("deep_size_bytes"), large.longMetric("deep_size_bytes"));
        assertEquals(small.longMetric("per_item_deep_size_bytes"), large.longMetric("per_item_deep_size_bytes"));
    }
}
