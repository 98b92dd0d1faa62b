package memlab.labs;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import memlab.isolate.ChildJvm;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Progress;
import memlab.lab.Side;

/** Runs a lab the way the CLI does, with every side (or the ones given), for tests. */
public final class LabRunner {

    private LabRunner() {
    }

    public static LabResult run(Lab lab, Params params) {
        return run(lab, params, EnumSet.allOf(Side.class));
    }

    /** As the CLI runs it, with child JVMs that time out after five minutes. */
    public static LabResult run(Lab lab, Params params, Set<Side> sides) {
        return lab.run(new LabContext(params, sides, Progress.NONE, new ChildJvm(Duration.ofMinutes(5))));
    }
}
