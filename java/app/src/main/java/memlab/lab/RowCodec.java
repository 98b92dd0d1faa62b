package memlab.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row as plain maps and lists, the JSON shape of docs/output.md: {"side", "variant", "outcome",
 * "metrics", "labels", "series"}. Used by the JSON report and to carry a row back from a child JVM.
 */
public final class RowCodec {

    private RowCodec() {
    }

    public static Map<String, Object> toMap(Row row) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("side", row.side().id());
        map.put("variant", row.name());
        map.put("outcome", outcomeToMap(row.outcome()));
        map.put("metrics", row.metrics());
        map.put("labels", row.labels());
        map.put("series", row.series());
        return map;
    }

    @SuppressWarnings("unchecked")
    public static Row fromMap(Map<String, Object> map) {
        Row row = new Row(Variant.read(Side.parse((String) map.get("side")), (String) map.get("variant")));
        row.outcome(outcomeFromMap((Map<String, Object>) map.getOrDefault("outcome", Map.of("status", "finished"))));
        ((Map<String, Number>) map.getOrDefault("metrics", Map.of())).forEach(row::metric);
        ((Map<String, String>) map.getOrDefault("labels", Map.of())).forEach(row::label);
        for (Object point : (List<Object>) map.getOrDefault("series", new ArrayList<>())) {
            row.point((Map<String, Number>) point);
        }
        return row;
    }

    /** {"status": "killed", "signal": "SIGSEGV", "signal_number": 11, "description": "killed by SIGSEGV"} */
    static Map<String, Object> outcomeToMap(Outcome outcome) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", outcome.status());
        switch (outcome) {
            case Outcome.Finished finished -> { }
            case Outcome.Failed failed -> map.put("reason", failed.reason());
            case Outcome.Killed killed -> {
                map.put("signal", killed.signal());
                map.put("signal_number", killed.number());
            }
            case Outcome.TimedOut timedOut -> map.put("after_s", timedOut.after().toSeconds());
            case Outcome.Unsupported unsupported -> {
                map.put("os", unsupported.os());
                map.put("reason", unsupported.reason());
            }
        }
        if (!outcome.finished()) {
            map.put("description", outcome.describe());
        }
        return map;
    }

    static Outcome outcomeFromMap(Map<String, Object> map) {
        return switch ((String) map.get("status")) {
            case "finished" -> Outcome.FINISHED;
            case "failed" -> new Outcome.Failed((String) map.get("reason"));
            case "killed" -> new Outcome.Killed((String) map.get("signal"), ((Number) map.get("signal_number")).intValue());
            case "timed_out" -> new Outcome.TimedOut(Duration.ofSeconds(((Number) map.get("after_s")).longValue()));
            case "unsupported" -> new Outcome.Unsupported((String) map.get("os"), (String) map.get("reason"));
            default -> throw new IllegalArgumentException("unknown outcome " + map);
        };
    }
}
