package memlab.isolate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import memlab.lab.ChildTask;
import memlab.lab.Row;
import memlab.lab.RowCodec;
import memlab.lab.VariantArgs;

/**
 * Entry point of a child JVM: {@code ChildMain <task class> <result file> <side> <kind> <size> <count>}. Runs the
 * task and writes its rows to the result file as JSON, {@code {"rows": [...]}}. A child that dies writes nothing; its
 * parent reads the exit status instead.
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
        List<Row> rows = task.runRows(taskArgs);
        Path result = Path.of(args[1]);
        Path partial = result.resolveSibling(result.getFileName() + ".partial");
        new ObjectMapper().writeValue(partial.toFile(), Map.of("rows", rows.stream().map(RowCodec::toMap).toList()));
        Files.move(partial, result); // all or nothing: the parent never reads half a row
        System.exit(0);
    }
}
