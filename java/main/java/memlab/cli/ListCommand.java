package memlab.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

import memlab.lab.Lab;
import memlab.lab.LabRegistry;
import memlab.lab.Params;
import memlab.lab.Sizes;

@Command(mixinStandardHelpOptions = true, name = "list", description = "List the labs: number, id, title, seed, and what --count and --size mean with their defaults.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (Lab lab : LabRegistry.all()) {
            Params defaults = lab.defaults();
            String size = lab.sizeName() == null ? ""
                    : "  --size " + Sizes.format(defaults.sizeBytes()).replace(" ", "") + " (" + lab.sizeName() + ")";
            System.out.printf("%02d  %-15s %s%n", lab.number(), lab.id(), lab.title());
            System.out.printf("    seed %s%n", lab.seed());
            System.out.printf("    defaults: --count %,d (%s)%s%n", defaults.count(), lab.countName(), size);
        }
        return 0;
    }
}
