package memlab.nativelib;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a struct read through {@link CTypes} into field name -> value, for either binding. */
final class Layouts {

    private Layouts() {
    }

    static Map<String, Long> byName(java.lang.foreign.StructLayout struct, long[] values) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(struct.memberLayouts().get(i).name().orElseThrow(), values[i]);
        }
        return map;
    }
}
