package memlab.report;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import memlab.lab.LabResult;
import memlab.lab.RowCodec;

/**
 * The JSON shape documented in docs/output.md: {"lab", "number", "title", "seed", "seed_figure",
 * "question", "lesson", "reading", "params", ("machine": {label: finding}, for a lab whose figures depend on the
 * machine's memory policy), "rows": [{"side", "variant", "outcome", "metrics", "labels",
 * "series"}]}.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static Map<String, Object> toMap(LabResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("lab", result.lab());
        map.put("number", result.number());
        map.put("title", result.title());
        map.put("seed", result.seed());
        map.put("seed_figure", result.seedFigure());
        map.put("question", result.question());
        map.put("lesson", result.lesson());
        map.put("reading", result.reading());
        map.put("params", result.params());
        if (!result.machine().isEmpty()) {
            map.put("machine", result.machine());
        }
        map.put("rows", result.rows().stream().map(RowCodec::toMap).toList());
        return map;
    }

    /** One lab: an object. Several: an array of them. */
    public static String render(List<LabResult> results) {
        return render(results, JSON.writer());
    }

    /**
     * As {@link #render(List)}, for a stream that encodes with {@code charset}: if it cannot carry some
     * text (a console under LC_ALL=C), all non-ASCII becomes JSON's backslash-u escapes, so the JSON
     * stays exact where ASCII stand-ins would change it.
     */
    public static String render(List<LabResult> results, Charset charset) {
        String json = render(results);
        return charset.newEncoder().canEncode(json) ? json
                : render(results, JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII));
    }

    private static String render(List<LabResult> results, ObjectWriter writer) {
        Object value = results.size() == 1 ? toMap(results.get(0)) : results.stream().map(JsonReport::toMap).toList();
        try {
            return writer.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
