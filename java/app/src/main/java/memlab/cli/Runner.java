package memlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import memlab.isolate.ChildJvm;
import memlab.util.TempDirs;
import memlab.lab.Budget;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Side;
import memlab.util.Sizes;
import memlab.measure.ProcessProbe;
import memlab.report.CsvReport;
import memlab.report.Format;
import memlab.report.JsonReport;
import memlab.report.ReportWriter;
import memlab.report.Tables;

/**
 * Validates a whole request first (labs, sides, sizes, budget, output directory, native library),
 * then runs the labs and reports. Nothing is allocated for a lab until everything checked out.
 */
final class Runner {

    static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);

    private Runner() {
    }

    static int run(List<Lab> labs, RunOptions options, String command) {
        Set<Side> sides = options.sides();
        Budget budget = Budget.ofThisMachine();
        List<Params> params = new ArrayList<>();
        List<Budget.Plan> plans = new ArrayList<>();
        for (Lab lab : labs) {
            Params p = options.paramsFor(lab);
            Budget.Plan plan = lab.plan(p, sides);
            budget.check(lab.info().id(), plan);
            params.add(p);
            plans.add(plan);
        }
        if (options.dryRun) {
            Path out = options.outPath();
            for (int i = 0; i < labs.size(); i++) {
                System.out.println(describe(labs.get(i), params.get(i), plans.get(i), sides));
            }
            System.out.println("dry run: nothing ran" + (out != null ? "; reports would go to " + out : ""));
            return 0;
        }
        Path out = options.outDir();
        TempDirs.sweepStale(); // what killed runs of memlab left behind
        ProcessProbe.now(); // loads the native library: a missing one is reported before any lab runs

        List<LabResult> results = new ArrayList<>();
        ChildJvm children = new ChildJvm(CHILD_TIMEOUT).withStartupCache();
        ConsoleProgress progress = new ConsoleProgress();
        int width = ConsoleWidth.columns(); // once: on a terminal, asking it starts a process
        for (int i = 0; i < labs.size(); i++) {
            LabResult result = labs.get(i).run(new LabContext(params.get(i), sides, progress, children));
            results.add(result);
            if (options.format == Format.TABLE || options.format == Format.MD || options.format == Format.CSV) {
                System.out.print(render(result, options, width));
                System.out.println();
                System.out.flush();
            }
        }
        if (options.format == Format.JSON) {
            System.out.print(JsonReport.render(results, System.out.charset()));
        }
        if (out != null) {
            try {
                Path report = ReportWriter.write(results, out, command);
                System.err.println("memlab: wrote " + report + " (open it in a browser), report.md, and each lab's"
                        + " JSON, CSV and PNG charts beside them");
            } catch (IOException e) {
                throw OutDir.cannotWrite(out, e); // e.g. the disk filled up while the labs ran
            }
        }
        return 0;
    }

    /** One line per lab for --dry-run: what it would be given and hold at most. */
    private static String describe(Lab lab, Params params, Budget.Plan plan, Set<Side> sides) {
        LabInfo info = lab.info();
        return String.format("lab %02d %s: --count %,d (%s)%s; sides %s; holds at most %s native, %s heap",
                info.number(), info.id(), params.count(), info.count().meaning(),
                info.size() == null ? "" : ", --size " + Sizes.format(params.sizeBytes()) + " (" + info.size().meaning() + ")",
                String.join(",", sides.stream().map(Side::id).toList()),
                Sizes.format(plan.nativeBytes()), Sizes.format(plan.heapBytes()));
    }

    private static String render(LabResult result, RunOptions options, int width) {
        return switch (options.format) {
            case TABLE -> Tables.console(result, System.out.charset(), width, options.allColumns);
            case MD -> Tables.markdown(result);
            case CSV -> CsvReport.rows(result);
            case JSON -> JsonReport.render(List.of(result));
        };
    }
}
