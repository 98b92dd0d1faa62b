package memlab.labs.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.nativelib.AllocStats;
import memlab.nativelib.Binding;
import memlab.nativelib.NativeMemory;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Lab 09's binding pair: FFM and JNR write a calloc'd specimen struct byte for byte the same. */
class ScalingNativeTest {

    @Test
    void bothBindingsWriteTheSameSpecimenAndAllocateNothing() {
        StructLayout layout = Lab09_Scaling.specimen(10);
        long landmarksOffset = layout.byteOffset(groupElement("landmarks"));
        assertEquals(8 + 16 * 10, layout.byteSize());
        byte[][] written = new byte[2][];
        List<Binding> both = List.of(Binding.FFM, Binding.JNR);
        for (int b = 0; b < both.size(); b++) {
            Binding binding = both.get(b);
            NativeMemory memory = binding.memory();
            AllocStats before = memory.allocStats();
            long address = memory.calloc(1, layout.byteSize());
            ScalingNative.of(binding).writeSpecimen(address, landmarksOffset, 1234);
            // the struct's own bytes, exactly, in the tracked allocator; writing allocates nothing
            AllocStats held = memory.allocStats().minus(before);
            assertEquals(layout.byteSize(), held.liveBytes(), binding.id());
            assertEquals(1, held.totalAllocations(), binding.id());
            MemorySegment specimen = MemorySegment.ofAddress(address).reinterpret(layout.byteSize());
            assertEquals(1234, specimen.get(JAVA_LONG, 0), binding.id());
            assertEquals(1234.0, specimen.get(JAVA_DOUBLE, landmarksOffset), binding.id());
            assertEquals(0.0, specimen.get(JAVA_DOUBLE, landmarksOffset + 8), binding.id()); // calloc: zeroed
            written[b] = specimen.toArray(JAVA_BYTE);
            memory.free(address);
            assertEquals(before.liveBytes(), memory.allocStats().liveBytes(), binding.id());
        }
        assertEquals(Arrays.toString(written[0]), Arrays.toString(written[1]));
    }

    @Test
    void variantKindsNameTheirLandmarks() {
        for (int landmarks : Lab09_Scaling.LANDMARKS) {
            for (Variant variant : Lab09_Scaling.variants(Side.JNR)) {
                if (variant.kind().equals(Lab09_Scaling.kind(landmarks))) {
                    assertEquals(landmarks, Lab09_Scaling.landmarks(variant));
                    assertEquals("jnr_" + landmarks + "_landmarks", variant.name());
                }
            }
        }
    }
}
