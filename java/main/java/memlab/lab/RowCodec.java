package memlab.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row as plain maps and lists, the JSON shape of the README: {"side", "variant", "metrics",
 * "labels", "series"}. Used by the JSON report and to carry a row back from a child JVM.
 */
public final class RowCodec {

    private RowCodec() {
    }

    public static Map<String, Object> toMap(Row row) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("side", row.side().id());
        map.put("variant", row.variant());
        map.put("metrics", row.metrics());
        map.put("labels", row.labels());
        map.put("series", row.series());
        return map;
    }

    @SuppressWarnings("unchecked")
    public static Row fromMap(Map<String, Object> map) {
        Row row = new Row(Side.parse((String) map.get("side")), (String) map.get("variant"));
        ((Map<String, Number>) map.getOrDefault("metrics", Map.of())).forEach(row::metric);
        ((Map<String, String>) map.getOrDefault("labels", Map.of())).forEach(row::label);
        for (Object point : (List<Object>) map.getOrDefault("series", new ArrayList<>())) {
            row.point((Map<String, Number>) point);
        }
        return row;
    }
}
