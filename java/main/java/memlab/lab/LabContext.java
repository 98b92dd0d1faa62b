package memlab.lab;

import java.util.Set;

import memlab.isolate.ChildJvm;

/** What a lab run is given: its params, the sides to run, progress, and a way to start child JVMs. */
public record LabContext(Params params, Set<Side> sides, Progress progress, ChildJvm children) {

    public boolean runs(Side side) {
        return sides.contains(side);
    }
}
