package memlab.isolate;

import memlab.lab.ChildTask;
import memlab.lab.Metric;
import memlab.lab.Row;
import memlab.lab.VariantArgs;

/**
 * By its variant's kind: "echo" sends its size and count back as a row; "exit" exits with the
 * count as its code; "hang" spins until the parent's timeout kills it.
 */
public class ExitTask implements ChildTask {

    static final Metric SIZE_ECHO = Metric.bytes("size_echo_bytes");
    static final Metric COUNT_ECHO = Metric.count("count_echo_count");
    static final Metric MAX_HEAP = Metric.bytes("max_heap_bytes");

    @Override
    public Row run(VariantArgs args) {
        switch (args.kind()) {
            case "exit" -> System.exit(args.countAsInt());
            case "hang" -> {
                while (true) {
                    Thread.onSpinWait(); // until the parent's timeout kills this process
                }
            }
            default -> { }
        }
        return new Row(args.variant()).metric(SIZE_ECHO, args.sizeBytes()).metric(COUNT_ECHO, args.count())
                .metric(MAX_HEAP, Runtime.getRuntime().maxMemory()).label("kind", args.kind())
                .point(java.util.Map.of("x", 1, "y", 2.5));
    }
}
