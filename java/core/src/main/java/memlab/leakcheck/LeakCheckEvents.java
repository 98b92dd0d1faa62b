package memlab.leakcheck;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The leak check's JDK Flight Recorder events, so that a recording of a test run shows each check
 * beside the collections, allocations and threads of the same moments, in JDK Mission Control or
 * {@code jfr print --events memlab.LeakCheckRun,memlab.LeakCheckVerdict recording.jfr}.
 *
 * <p>One {@link Run} per measured run, with the witnesses as the check read them after it (the
 * same numbers the report fits a line through), and one {@link Verdict} per check. Both cost
 * nothing unless a recording has them enabled; they are on in JFR's default settings.
 */
final class LeakCheckEvents {

    private LeakCheckEvents() {
    }

    @Name("memlab.LeakCheckRun")
    @Label("Leak Check Run")
    @Category({"memlab", "Leak Check"})
    @Description("One measured run of a leak check's body, and its witnesses read after it")
    @StackTrace(false)
    static final class Run extends Event {

        @Label("Check")
        @Description("What the check is of: the test's name under @NoLeak, or LeakCheck.named")
        String check;

        @Label("Run")
        @Description("1 for the first measured run, after the warm-up")
        int run;

        @Label("Heap After Full GC")
        @DataAmount
        long heapBytes;

        @Label("memlab Tracked Native")
        @DataAmount
        long trackedNativeBytes;

        @Label("Process Allocator In Use")
        @Description("malloc's bytes in use; -1 where this OS has no such figure")
        @DataAmount
        long allocatorBytes;

        @Label("Resident Set")
        @DataAmount
        long residentBytes;
    }

    @Name("memlab.LeakCheckVerdict")
    @Label("Leak Check Verdict")
    @Category({"memlab", "Leak Check"})
    @Description("A leak check's verdict: each witness's slope in bytes per run, and whether it leaks")
    @StackTrace(false)
    static final class Verdict extends Event {

        @Label("Check")
        String check;

        @Label("Runs")
        @Description("Measured runs, warm-up not counted")
        int runs;

        @Label("Leaks")
        boolean leaks;

        @Label("Leaking Witnesses")
        @Description("The witnesses whose slope's lower bound exceeded their limit, comma-separated")
        String leakingWitnesses;

        @Label("Heap Slope")
        @Description("Bytes per run, heap after a full GC")
        double heapBytesPerRun;

        @Label("Tracked Native Slope")
        @Description("Bytes per run, memlab's tracked native allocator")
        double trackedNativeBytesPerRun;

        @Label("Process Allocator Slope")
        @Description("Bytes per run, malloc in use; NaN where this OS has no such figure")
        double allocatorBytesPerRun;

        @Label("Report")
        @Description("The report as an assertion failure would print it")
        String report;
    }
}
