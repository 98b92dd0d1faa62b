package memlab.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

import memlab.lab.Lab;
import memlab.lab.LabRegistry;
import memlab.lab.Sizes;

@Command(mixinStandardHelpOptions = true, name = "list", description = "List the labs: number, id, seed, default sizes and title.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.printf("%-3s %-8s %-36s %-16s %s%n", "#", "id", "seed", "default", "title");
        for (Lab lab : LabRegistry.all()) {
            String defaults = Sizes.format(lab.defaults().sizeBytes()) + " x" + lab.defaults().iterations();
            System.out.printf("%02d  %-8s %-36s %-16s %s%n", lab.number(), lab.id(), lab.seed(), defaults, lab.title());
        }
        return 0;
    }
}
