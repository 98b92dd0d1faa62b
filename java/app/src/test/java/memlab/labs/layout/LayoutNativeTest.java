package memlab.labs.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memlab.nativelib.Binding;

/** Lab 03's binding pair: FFM and JNR read struct memlab_layout alike from the same library. */
class LayoutNativeTest {

    private static final List<String> FIELDS = List.of("text", "data", "bss", "heap_small", "heap_large", "stack",
            "thread_stack", "mmap_anon");

    @Test
    void theStructIsEightInt64FieldsInDeclarationOrder() {
        assertEquals(8 * Long.BYTES, LayoutNative.LAYOUT.byteSize());
        assertEquals(FIELDS, LayoutNative.LAYOUT.memberLayouts().stream().map(m -> m.name().orElseThrow()).toList());
    }

    @Test
    void bothBindingsSeeTheSameLibraryCodeAndGlobals() {
        LayoutNative ffm = LayoutNative.of(Binding.FFM);
        LayoutNative jnr = LayoutNative.of(Binding.JNR);
        Map<String, Long> viaFfm;
        try {
            viaFfm = ffm.layoutCapture();
        } finally {
            ffm.layoutRelease();
        }
        Map<String, Long> viaJnr;
        try {
            viaJnr = jnr.layoutCapture();
        } finally {
            jnr.layoutRelease();
        }
        for (Map<String, Long> captured : List.of(viaFfm, viaJnr)) {
            assertEquals(FIELDS, List.copyOf(captured.keySet()));
            captured.forEach((field, address) -> assertNotEquals(0L, address, field));
        }
        // one library, loaded once: its code and globals are at one address whichever door reads them
        for (String field : List.of("text", "data", "bss")) {
            assertEquals(viaFfm.get(field), viaJnr.get(field), field);
        }
        // the two globals are distinct, and the large block is not the small one
        assertNotEquals(viaFfm.get("data"), viaFfm.get("bss"));
        assertNotEquals(viaFfm.get("heap_small"), viaFfm.get("heap_large"));
    }

    @Test
    void aCaptureHeldThroughOneBindingRefusesASecondThroughTheOther() {
        LayoutNative ffm = LayoutNative.of(Binding.FFM);
        LayoutNative jnr = LayoutNative.of(Binding.JNR);
        try {
            assertEquals(FIELDS.size(), ffm.layoutCapture().size());
            assertTrue(jnr.layoutCapture().isEmpty(), "one capture at a time, in one library");
            assertTrue(ffm.layoutCapture().isEmpty());
        } finally {
            jnr.layoutRelease(); // releases the capture the FFM call made: the same library state
        }
        try {
            assertEquals(FIELDS.size(), ffm.layoutCapture().size(), "released through JNR, capturable again");
        } finally {
            ffm.layoutRelease();
        }
    }
}
