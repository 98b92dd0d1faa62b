package memlab.isolate;

import java.util.List;

import memlab.lab.Row;
import memlab.lab.Side;

/** Echoes its arguments back as a row, or exits with the code given as "exit N". */
public class ExitTask implements ChildTask {
    @Override
    public Row run(List<String> args) {
        if (args.size() == 2 && args.get(0).equals("exit")) {
            System.exit(Integer.parseInt(args.get(1)));
        }
        if (args.size() == 1 && args.get(0).equals("hang")) {
            while (true) {
                Thread.onSpinWait(); // until the parent's timeout kills this process
            }
        }
        Row row = new Row(Side.HEAP, "echo").metric("args_count", args.size())
                .metric("max_heap_bytes", Runtime.getRuntime().maxMemory());
        for (int i = 0; i < args.size(); i++) {
            row.label("arg" + i, args.get(i));
        }
        return row.point(java.util.Map.of("x", 1, "y", 2.5));
    }
}
