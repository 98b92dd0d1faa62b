package memlab.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

import memlab.lab.Lab;
import memlab.lab.LabInfo;
import memlab.lab.LabRegistry;
import memlab.lab.Params;
import memlab.util.Sizes;

@Command(mixinStandardHelpOptions = true, name = "list", description = "List the labs: number, id, title, seed, and what --count and --size mean with their defaults.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (Lab lab : LabRegistry.all()) {
            LabInfo info = lab.info();
            Params defaults = info.defaults();
            String size = info.size() == null ? ""
                    : "  --size " + Sizes.format(defaults.sizeBytes()).replace(" ", "") + " (" + info.size().meaning() + ")";
            System.out.printf("%02d  %-15s %s%n", info.number(), info.id(), info.title());
            System.out.printf("    seed %s%n", info.seed());
            System.out.printf("    defaults: --count %,d (%s)%s%n", defaults.count(), info.count().meaning(), size);
        }
        return 0;
    }
}
