package memlab.isolate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import memlab.lab.ChildTask;
import memlab.lab.Row;
import memlab.lab.RowCodec;
import memlab.lab.VariantArgs;

/**
 * Entry point of a child JVM: {@code ChildMain <task class> <result file> <side> <kind> <size> <count>}. Runs the
 * task and writes its rows to the result file as JSON, {@code {"rows": [...], "timing": {...}}}, the timing being when
 * the task started and ended by the wall clock. A child that dies writes nothing; its parent reads the exit status
 * instead.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ChildMain <task class> <result file> [args...]");
            System.exit(2);
        }
        ChildTask task = (ChildTask) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        VariantArgs taskArgs = VariantArgs.parse(List.copyOf(Arrays.asList(args).subList(2, args.length)));
        long taskStarted = System.currentTimeMillis();
        List<Row> rows = task.runRows(taskArgs);
        long taskEnded = System.currentTimeMillis();
        Path result = Path.of(args[1]);
        Path partial = result.resolveSibling(result.getFileName() + ".partial");
        // wall-clock times, so the parent can split the child's life into start-up, task and tear-down
        Map<String, Object> timing = Map.of("task_started_ms", taskStarted, "task_ended_ms", taskEnded);
        // Jackson's streaming writer, not an ObjectMapper: setting up a mapper cost a child 40 to 80 ms
        // at exit, more than the rows of most tasks take to measure
        try (JsonGenerator json = new JsonFactory().createGenerator(partial.toFile(), JsonEncoding.UTF8)) {
            write(json, Map.of("rows", rows.stream().map(RowCodec::toMap).toList(), "timing", timing));
        }
        Files.move(partial, result); // all or nothing: the parent never reads half a row
        System.exit(0);
    }

    /** The maps, lists, strings and numbers of {@link RowCodec#toMap}, as JSON. */
    private static void write(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeFieldName(entry.getKey().toString());
                    write(json, entry.getValue());
                }
                json.writeEndObject();
            }
            case List<?> list -> {
                json.writeStartArray();
                for (Object item : list) {
                    write(json, item);
                }
                json.writeEndArray();
            }
            case String text -> json.writeString(text);
            case Boolean flag -> json.writeBoolean(flag);
            case Double number -> json.writeNumber(number);
            case Float number -> json.writeNumber(number);
            case Number number -> json.writeNumber(number.longValue());
            default -> throw new IllegalArgumentException("no JSON for a " + value.getClass().getSimpleName());
        }
    }
}
