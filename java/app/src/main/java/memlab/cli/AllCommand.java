package memlab.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import memlab.lab.LabRegistry;

@Command(mixinStandardHelpOptions = true, name = "all", description = {"Run every lab at its seed's sizes (--quick: small sizes, seconds).",
        "With --out DIR: report.html (one page to open in a browser) and report.md with",
        "every lab's question, table, result and charts, plus per-lab JSON, CSV and PNG."})
final class AllCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        if (options.size != null || options.count != null) {
            throw new memlab.util.UsageException("memlab all runs each lab at its own sizes, and --size and --count mean"
                    + " something different in each; change one lab with 'memlab run LAB --size ... --count ...'");
        }
        return Runner.run(LabRegistry.all(), options, "memlab all" + (options.quick ? " --quick" : ""));
    }
}
