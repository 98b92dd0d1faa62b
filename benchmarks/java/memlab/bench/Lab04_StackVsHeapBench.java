package memlab.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import memlab.labs.stackvsheap.StackVsHeapNative;
import memlab.nativelib.Binding;

/**
 * Lab 04's figures, measured rigorously: forks, warm-up, error bars. Run with {@code -prof gc} to
 * see bytes per operation: about 0 for {@code heapScalarReplaced} (escape analysis removes the
 * object), 24 for {@code heapEscaping}. The C benchmarks call a loop of {@value #CALLS} calls in
 * C per invocation, so the one downcall is spread thin over the calls it measures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class Lab04_StackVsHeapBench {

    static final int CALLS = 1024;

    /** A two-int point, as in the lab. */
    record Point(int x, int y) {
    }

    private StackVsHeapNative ffm;
    private int next;
    private Point escaped;

    @Setup
    public void load() {
        ffm = StackVsHeapNative.of(Binding.FFM);
    }

    @Benchmark
    public int heapScalarReplaced() {
        int i = next++;
        Point p = new Point(i, i + 1); // never escapes: replaced by two ints
        return p.x() + p.y();
    }

    @Benchmark
    public int heapEscaping() {
        int i = next++;
        Point p = new Point(i, i + 1);
        escaped = p; // escapes to a field: a real heap allocation
        return p.x() + p.y();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void cStackArray(Blackhole blackhole) {
        blackhole.consume(ffm.stackLoop(CALLS));
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void cMallocFree(Blackhole blackhole) {
        blackhole.consume(ffm.heapLoop(CALLS));
    }
}
