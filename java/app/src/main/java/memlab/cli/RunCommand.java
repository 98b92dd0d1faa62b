package memlab.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import memlab.lab.Lab;
import memlab.lab.LabRegistry;

@Command(mixinStandardHelpOptions = true, name = "run", description = "Run one or more labs, by id or number (e.g. 'memlab run leak 8').")
final class RunCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "LAB", description = "Lab ids or numbers; 'memlab list' shows them.")
    List<String> labs;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() {
        List<Lab> chosen = labs.stream().map(LabRegistry::find).distinct().toList();
        return Runner.run(chosen, options, "memlab run " + String.join(" ", labs));
    }
}
