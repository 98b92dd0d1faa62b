package memlab.labs.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.labs.LabRunner;
import memlab.measure.ProcessMaps.Mapping;

class Lab03_LayoutTest {

    @Test
    @EnabledOnOs(OS.LINUX) // the only OS with /proc/self/maps to check against
    void everyAddressLiesInTheRegionTheLabNames() {
        LabResult result = LabRunner.run(new Lab03_Layout(), new Params(1, 1));
        Set<String> variants = result.rows().stream().map(Row::name).collect(Collectors.toSet());
        for (String side : List.of("ffm", "jnr")) {
            for (String item : List.of("text", "data", "bss", "heap_small", "heap_large", "stack", "thread_stack",
                    "mmap_anon")) {
                assertTrue(variants.contains(side + "_" + item), side + "_" + item + " in " + variants);
            }
        }
        assertTrue(variants.containsAll(List.of("ffm_arena_segment", "heap_java_heap_object", "heap_direct_buffer")));
        for (Row row : result.rows()) {
            assertEquals("yes", row.labels().get("verified"), row.toString());
        }
        int addresses = result.rows().size();
        assertTrue(result.reading().startsWith(addresses + " of " + addresses + " addresses lie in the region the lab"
                + " named"), result.reading());
        // sorted high to low within each process
        List<Row> ffm = result.rows().stream().filter(r -> r.labels().get("process").startsWith("ffm")).toList();
        for (int i = 1; i < ffm.size(); i++) {
            assertTrue(Long.compareUnsigned(ffm.get(i - 1).longMetric(Lab03_Layout.VIRTUAL_ADDRESS),
                    ffm.get(i).longMetric(Lab03_Layout.VIRTUAL_ADDRESS)) > 0);
        }
    }

    @Test
    void theCheckRejectsAnAddressInTheWrongRegion() {
        String lib = "/tmp/x/libmemlab.so";
        Mapping code = new Mapping(0x1000, 0x2000, "r-xp", lib);
        Mapping data = new Mapping(0x2000, 0x3000, "rw-p", lib);
        Mapping guard = new Mapping(0x10000, 0x11000, "---p", "");
        Mapping stack = new Mapping(0x11000, 0x20000, "rw-p", "");
        Mapping unguarded = new Mapping(0x30000, 0x40000, "rw-p", "");
        List<Mapping> maps = List.of(code, data, guard, stack, unguarded);
        assertTrue(Lab03_Layout.claim("text", lib).holds().test(code, maps));
        assertFalse(Lab03_Layout.claim("text", lib).holds().test(data, maps), "code is not writable");
        assertTrue(Lab03_Layout.claim("stack", lib).holds().test(stack, maps));
        assertFalse(Lab03_Layout.claim("stack", lib).holds().test(unguarded, maps), "a stack has a guard page below");
        assertFalse(Lab03_Layout.claim("heap_large", lib).holds().test(data, maps), "not the library's data");
    }
}
