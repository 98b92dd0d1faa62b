package memlab.leakcheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import memlab.measure.HeapProbe;
import memlab.measure.LinearFit;
import memlab.measure.OneOffStep;
import memlab.measure.NativeProbe;
import memlab.measure.ProcessProbe;
import memlab.measure.TrimmedSteps;
import memlab.nativelib.ProcessStats;
import memlab.util.Sizes;

/**
 * A leak check for anyone's tests: runs a body again and again, measures memory after every run,
 * and fails when memory grows with the runs. It judges the heap after a full GC, memlab's tracked
 * native bytes and the process allocator; it reports RSS too, without judging it (RSS also moves
 * with the collector's heap sizing).
 *
 * <pre>{@code
 * LeakCheck.assertNoLeak(30, () -> parser.parse(document));          // defaults
 *
 * LeakCheck.iterations(50).warmUp(20)
 *          .heapBytesPerIteration(128)      // the GC-managed heap, after a full collection
 *          .nativeBytesPerIteration(0)      // memlab's tracked native allocator
 *          .allocatorBytesPerIteration(16 << 10) // every malloc in the process (JNI, FFM, ...)
 *          .assertNoLeak(() -> cache.refresh());
 * }</pre>
 *
 * <p>How it decides: after warm-up runs (class loading, JIT, caches filling), each run is followed
 * by a sample of every witness; a least-squares line through the samples gives bytes per run and
 * its standard error. A witness leaks when even the slope's 99.95% lower bound (Student's t for the
 * runs' degrees of freedom) exceeds its limit, so normal noise alone fails a clean body once in
 * 2,000 checks per witness, however few the runs. Default limits: heap
 * 256 B per run (the JVM's own caches still grow by tens of bytes per run in a clean body), memlab's
 * tracked native bytes 0 (exact), the process allocator 2 MiB per run (it also sees the JVM's own
 * mallocs, the JIT's for one, which move it by hundreds of KiB per run while code compiles).
 *
 * <p>Two finer native witnesses run under async-profiler's {@code nativemem} recording, on Linux
 * ({@link BodyNativeRecording}): what the body's thread allocated through any library's malloc and
 * no thread freed (64 B per run), and what no hook saw, the process allocator less every hooked
 * malloc, for libc's malloc called straight through FFM (256 B per run, judged on the trimmed mean
 * of the steps from run to run, {@link TrimmedSteps}). Where they cannot run, the report says so and
 * the process allocator judges native memory alone.
 */
public final class LeakCheck {

    /**
     * A test body. What it throws fails the check: an unchecked exception or an error as it is, a
     * checked exception wrapped in an {@link AssertionError}.
     */
    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }

    public static final int DEFAULT_WARM_UP = 10;

    /** {@code -Dmemlab.leakcheck.attribute=true} turns {@link #attributeNativeLeaks()} on for every check. */
    public static final String ATTRIBUTE_PROPERTY = "memlab.leakcheck.attribute";
    /** Where attribution writes its recording and flame graph; default {@code target/memlab-leak-check}. */
    public static final String REPORTS_PROPERTY = "memlab.leakcheck.reports";

    /** The built-in witnesses' names, as reports show them. */
    public static final String HEAP = "heap (after full GC)";
    public static final String TRACKED = "memlab native (tracked)";
    public static final String ALLOCATOR = "process allocator (malloc in use)";
    /** The exact native witness ({@link BodyNativeRecording}): what the body's thread allocated and no one freed. */
    public static final String BODY_NATIVE = "native by the body's thread (malloc not freed)";
    /**
     * What no patched malloc saw ({@link BodyNativeRecording.Unhooked}): libc's malloc called
     * straight, as an FFM downcall from {@code Linker.nativeLinker().defaultLookup()} does.
     */
    public static final String UNHOOKED = "native no hook saw (allocator less hooked mallocs)";
    /** Reported every run, never judged. */
    public static final String RESIDENT = "resident size (RSS)";
    /**
     * A clean body still grows the heap by tens of bytes per run while the JVM's own caches (method
     * handles, lambda forms) warm up: measured 15 to 74 B per run in memlab's own clean checks.
     */
    public static final long DEFAULT_HEAP_BYTES_PER_ITERATION = 256;
    /**
     * The process allocator also carries the JIT's mallocs: measured from -335 KiB to +589 KiB per
     * run in memlab's own clean checks while C2 compiled. Below this, a malloc leak is not told apart
     * from the JIT; run the check in a JVM started with -Xint to see finer.
     */
    public static final long DEFAULT_ALLOCATOR_BYTES_PER_ITERATION = 2L << 20;
    /**
     * Counted by thread, inside the body alone, the JIT's and the collector's mallocs are left out,
     * and so is the JVM's own bookkeeping: 80 clean checks of 30 runs, none failed, the highest
     * lower bound 18.1 B a run (docs/leak-check.md).
     */
    public static final long DEFAULT_BODY_NATIVE_BYTES_PER_ITERATION = 64;
    /**
     * The process allocator less what the hooks saw moves by tens of bytes a run in a clean body, and
     * by tens of KiB in the odd run where some library's block lives from one sample to the next,
     * which the trimmed mean of the steps leaves out (docs/leak-check.md).
     */
    public static final long DEFAULT_UNHOOKED_BYTES_PER_ITERATION = 256;
    /**
     * A single step of the heap this many times its limit, far from every other step, is a one-off
     * ({@link OneOffStep}): JDK Flight Recorder's first periodic events put +111,680 B into one step of
     * a clean check whose other steps were 64 to 296 B.
     */
    static final long ONE_OFF_FLOOR = 8;
    /** {@code -Dmemlab.leakcheck.exact=false} turns the exact native witness off for every check. */
    public static final String EXACT_PROPERTY = "memlab.leakcheck.exact";

    private final int iterations;
    private int warmUp = DEFAULT_WARM_UP;
    private long heapBytesPerIteration = DEFAULT_HEAP_BYTES_PER_ITERATION;
    private long nativeBytesPerIteration;
    private long allocatorBytesPerIteration = DEFAULT_ALLOCATOR_BYTES_PER_ITERATION;
    private long bodyNativeBytesPerIteration = DEFAULT_BODY_NATIVE_BYTES_PER_ITERATION;
    private long unhookedBytesPerIteration = DEFAULT_UNHOOKED_BYTES_PER_ITERATION;
    private boolean exactNative = Boolean.parseBoolean(System.getProperty(EXACT_PROPERTY, "true"));
    private final List<String> allowedNativeStacks = new ArrayList<>();
    private final List<StackBudget> nativeStackBudgets = new ArrayList<>();
    private final List<ExtraWitness> extraWitnesses = new ArrayList<>();
    private String name = "";
    private boolean attributeNativeLeaks = Boolean.getBoolean(ATTRIBUTE_PROPERTY);

    /** A witness beyond the built-in ones: a name, its limit per run, and how to read it. */
    private record ExtraWitness(String name, long bytesPerIteration, LongSupplier sampler) {
    }

    private LeakCheck(int iterations) {
        if (iterations < 5) {
            throw new IllegalArgumentException("a leak check needs at least 5 iterations to fit a trend, got " + iterations);
        }
        this.iterations = iterations;
    }

    public static LeakCheck iterations(int iterations) {
        return new LeakCheck(iterations);
    }

    /** Runs {@code body} {@code iterations} times after the default warm-up; fails on any leak. */
    public static LeakReport assertNoLeak(int iterations, Body body) {
        return iterations(iterations).assertNoLeak(body);
    }

    /** What the check is of, as its JFR events name it (the test's name under {@code @NoLeak}). */
    public LeakCheck named(String name) {
        this.name = name == null ? "" : name;
        return this;
    }

    /**
     * When a native witness leaks, runs the body as many times again under async-profiler and names
     * in the failure the stacks that allocated and did not free ({@link NativeLeakAttribution}),
     * with a flame graph in {@code target/memlab-leak-check/} (or {@value #REPORTS_PROPERTY}).
     * Checked on Linux; macOS has async-profiler's library but is unchecked; elsewhere the failure
     * says why it has no attribution.
     */
    public LeakCheck attributeNativeLeaks() {
        this.attributeNativeLeaks = true;
        return this;
    }

    public LeakCheck warmUp(int runs) {
        this.warmUp = Math.max(0, runs);
        return this;
    }

    public LeakCheck heapBytesPerIteration(long limit) {
        this.heapBytesPerIteration = limit;
        return this;
    }

    public LeakCheck nativeBytesPerIteration(long limit) {
        this.nativeBytesPerIteration = limit;
        return this;
    }

    public LeakCheck allocatorBytesPerIteration(long limit) {
        this.allocatorBytesPerIteration = limit;
        return this;
    }

    /** The exact native witness's limit: bytes the body's thread may leave allocated per run. */
    public LeakCheck bodyNativeBytesPerIteration(long limit) {
        this.bodyNativeBytesPerIteration = limit;
        return this;
    }

    /**
     * The limit of the witness of what no hook saw: bytes per run by which the process allocator may
     * grow beyond every hooked malloc (libc's malloc called straight through FFM, say).
     */
    public LeakCheck unhookedBytesPerIteration(long limit) {
        this.unhookedBytesPerIteration = limit;
        return this;
    }

    /**
     * Allocations the exact native witness does not count: those whose stack, written innermost
     * first as the failure prints it ({@code "deflateInit2_ <- Java_java_util_zip_Deflater_init <- ...
     * <- com.example.Cache.fill"}), matches this regular expression (found anywhere in it). For a
     * known one-off cache or a pool that the body fills on purpose; the other witnesses still see
     * its bytes.
     */
    public LeakCheck allowNativeStack(String regex) {
        Pattern.compile(regex); // a bad pattern fails here, where it is written, not in the check
        allowedNativeStacks.add("(?:" + regex + ")");
        return this;
    }

    /**
     * A budget for the exact native witness: what the stacks {@code regex} matches (as in
     * {@link #allowNativeStack(String)}) may keep allocated, together, at every sample, without
     * counting. For a cache or a pool that fills to a known size and stops; what they keep beyond
     * {@code bytes} counts as a leak. As pytest-memray's {@code limit_leaks(location_limit, filter_fn)}.
     */
    public LeakCheck nativeStackBudget(String regex, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a stack's budget is bytes it may keep, 0 or more, got " + bytes);
        }
        nativeStackBudgets.add(new StackBudget(Pattern.compile(regex), bytes));
        return this;
    }

    /**
     * Whether to record the body's thread's mallocs and frees under async-profiler during the
     * check (on by default); off, the process allocator judges native memory alone.
     */
    public LeakCheck exactNativeWitness(boolean on) {
        this.exactNative = on;
        return this;
    }

    /**
     * Judges one more figure, read after every run with the others: Native Memory Tracking's
     * committed bytes, say, which sees the JVM's own native memory (threads, Metaspace, direct
     * buffers) and none of the C code's mallocs.
     */
    public LeakCheck witness(String name, long bytesPerIteration, LongSupplier sampler) {
        extraWitnesses.add(new ExtraWitness(name, bytesPerIteration, sampler));
        return this;
    }

    /** Measures without judging: the report says what grew and by how much. */
    public LeakReport measure(Body body) {
        boolean allocatorSupported = NativeProbe.allocatorInUseBytes() != ProcessStats.UNSUPPORTED;
        double[] heap = new double[iterations];
        double[] tracked = new double[iterations];
        double[] allocator = new double[iterations];
        double[] resident = new double[iterations];
        double[] x = new double[iterations];
        double[][] extra = new double[extraWitnesses.size()][iterations];
        BodyNativeRecording.Started exact = exactNative ? BodyNativeRecording.start(allocatorSupported)
                : new BodyNativeRecording.Started(null, "turned off (" + EXACT_PROPERTY + "=false or"
                + " exactNativeWitness(false))");
        BodyNativeRecording recording = exact.recording();
        String exactUnavailable = exact.unavailable();
        BodyNativeRecording.Series bodyNative = null;
        boolean measured = false;
        try {
            for (int i = 0; i < warmUp; i++) {
                runOnce(body);
            }
            measureRuns(body, allocatorSupported, recording, heap, tracked, allocator, resident, x, extra);
            measured = true;
        } finally {
            if (recording != null && !measured) {
                recording.abandon();
            }
        }
        if (recording != null) {
            try {
                bodyNative = recording.stop(iterations, allowedNativeStacks.isEmpty() ? null
                        : Pattern.compile(String.join("|", allowedNativeStacks)), nativeStackBudgets);
            } catch (IllegalStateException e) { // a profiler that dropped a mark's event, or wrote no file
                exactUnavailable = "its recording could not be read (" + e.getMessage() + ")";
            }
        }
        List<LeakReport.Witness> witnesses = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        OptionalInt oneOff = OneOffStep.find(heap, ONE_OFF_FLOOR * heapBytesPerIteration);
        if (oneOff.isPresent()) {
            int k = oneOff.getAsInt();
            witnesses.add(new LeakReport.Witness(HEAP, heapBytesPerIteration, heap,
                    LinearFit.of(x, OneOffStep.without(heap, k))));
            notes.add(String.format(java.util.Locale.ROOT, "heap: one step stood apart from all the others, %+,.0f B"
                    + " from run %d to run %d, and was judged a one-off (a class initialized, a cache filled once),"
                    + " not growth with the runs: the line is fitted with the median step in its place",
                    OneOffStep.size(heap, k), k, k + 1));
        } else {
            witnesses.add(witness(HEAP, heapBytesPerIteration, x, heap));
        }
        witnesses.add(witness(TRACKED, nativeBytesPerIteration, x, tracked));
        if (allocatorSupported) {
            witnesses.add(witness(ALLOCATOR, allocatorBytesPerIteration, x, allocator));
        }
        if (bodyNative != null) {
            LeakReport.Witness exactWitness = witness(BODY_NATIVE, bodyNativeBytesPerIteration, x, bodyNative.bytes());
            witnesses.add(exactWitness);
            if (bodyNative.unhooked() != null) {
                unhookedWitness(bodyNative.unhooked(), witnesses, notes);
            }
            if (exactWitness.leaks() && !attributeNativeLeaks) { // attribution names the sites from runs of its own
                notes.add(bodyNative.describeLiveAtEnd(NativeLeakAttribution.TOP_SITES));
            }
        } else {
            notes.add("the exact native witness did not run: " + exactUnavailable + "; native memory was judged"
                    + " by the process allocator alone, at " + Sizes.format(allocatorBytesPerIteration) + " per run");
        }
        // reported, not judged: RSS also moves with the collector's heap sizing and the JIT's code
        witnesses.add(witness(RESIDENT, null, x, resident));
        for (int w = 0; w < extra.length; w++) {
            ExtraWitness witness = extraWitnesses.get(w);
            witnesses.add(witness(witness.name(), witness.bytesPerIteration(), x, extra[w]));
        }
        LeakReport report = new LeakReport(iterations, witnesses, notes);
        recordVerdict(report, allocatorSupported);
        return report;
    }

    /** The measured runs: each run, then every witness read, then the run's end marked in the recording. */
    private void measureRuns(Body body, boolean allocatorSupported, BodyNativeRecording recording, double[] heap,
                             double[] tracked, double[] allocator, double[] resident, double[] x, double[][] extra) {
        for (int i = 0; i < iterations; i++) {
            LeakCheckEvents.Run event = new LeakCheckEvents.Run();
            event.begin();
            if (recording != null) {
                recording.mark(); // the body begins
            }
            runOnce(body);
            if (recording != null) {
                recording.mark(); // the body ended: what the witnesses' reading allocates is not the body's
            }
            x[i] = i + 1;
            // collections until the heap stops moving, not one: after a single one, a 2 KiB-a-run leak
            // in a fresh JVM read +1,312 B ± 441 and passed; settled, ± 27 to 45
            heap[i] = HeapProbe.settled().usedBytes();
            tracked[i] = NativeProbe.trackedLiveBytes();
            ProcessStats process = ProcessProbe.now(); // one read: allocator and RSS at the same instant
            allocator[i] = allocatorSupported ? process.allocatorInUseBytes() : 0;
            resident[i] = process.residentBytes();
            for (int w = 0; w < extra.length; w++) {
                extra[w][i] = extraWitnesses.get(w).sampler().getAsLong();
            }
            if (recording != null) {
                recording.mark(); // the run's sample: after the witnesses, so the frees their collection ran are in
            }
            event.end();
            if (event.shouldCommit()) {
                event.check = name;
                event.run = i + 1;
                event.heapBytes = (long) heap[i];
                event.trackedNativeBytes = (long) tracked[i];
                event.allocatorBytes = allocatorSupported ? (long) allocator[i] : ProcessStats.UNSUPPORTED;
                event.residentBytes = (long) resident[i];
                event.commit();
            }
        }
    }

    private void recordVerdict(LeakReport report, boolean allocatorSupported) {
        LeakCheckEvents.Verdict verdict = new LeakCheckEvents.Verdict();
        if (!verdict.shouldCommit()) {
            return;
        }
        verdict.check = name;
        verdict.runs = iterations;
        verdict.leaks = report.leaks();
        verdict.leakingWitnesses = String.join(", ",
                report.witnesses().stream().filter(LeakReport.Witness::leaks).map(LeakReport.Witness::name).toList());
        verdict.heapBytesPerRun = report.witness(HEAP).fit().slope();
        verdict.trackedNativeBytesPerRun = report.witness(TRACKED).fit().slope();
        verdict.allocatorBytesPerRun = allocatorSupported ? report.witness(ALLOCATOR).fit().slope() : Double.NaN;
        verdict.report = report.describe();
        verdict.commit();
    }

    /** Measures and throws an AssertionError with every figure when any witness leaks. */
    public LeakReport assertNoLeak(Body body) {
        LeakReport report = measure(body);
        if (!report.leaks()) {
            return report;
        }
        String message = report.describe();
        boolean nativeLeak = report.witnesses().stream()
                .anyMatch(w -> w.leaks() && (w.name().equals(TRACKED) || w.name().equals(ALLOCATOR)
                        || w.name().equals(BODY_NATIVE)));
        if (attributeNativeLeaks && nativeLeak) {
            Path reports = Path.of(System.getProperty(REPORTS_PROPERTY, "target/memlab-leak-check"));
            message += "\n" + NativeLeakAttribution.attribute(name.isEmpty() ? "leak-check" : name, iterations, body,
                    reports).describe();
        }
        throw new AssertionError(message);
    }

    /**
     * Judged on the steps from run to run, trimmed ({@link TrimmedSteps}); a step in which the JVM
     * freed a block from before the recording (its size unknown) is left out.
     */
    private void unhookedWitness(BodyNativeRecording.Unhooked unhooked, List<LeakReport.Witness> witnesses,
                                 List<String> notes) {
        double[] steps = unhooked.judgedSteps();
        int left = unhooked.bytes().length - 1 - steps.length;
        if (steps.length < 5) {
            notes.add("what no hook saw was not judged: " + left + " of " + (unhooked.bytes().length - 1)
                    + " runs freed blocks allocated before the check, of sizes no hook saw; run more iterations");
            return;
        }
        LeakReport.Witness witness = new LeakReport.Witness(UNHOOKED, unhookedBytesPerIteration, unhooked.bytes(),
                TrimmedSteps.of(steps));
        witnesses.add(witness);
        if (witness.leaks()) {
            notes.add("what no hook saw grew: a malloc that calls no patched code, libc's own called straight"
                    + " (an FFM downcall from Linker.nativeLinker().defaultLookup(), JNR's libc); no stack names it."
                    + " Judged on " + steps.length + " of " + (unhooked.bytes().length - 1) + " steps from run to run"
                    + (left == 0 ? "" : " (the others freed blocks from before the check)"));
        }
    }

    private static LeakReport.Witness witness(String name, Long limit, double[] x, double[] samples) {
        return new LeakReport.Witness(name, limit, samples, LinearFit.of(x, samples));
    }

    private static void runOnce(Body body) {
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("the body of the leak check threw " + t, t);
        }
    }

}
