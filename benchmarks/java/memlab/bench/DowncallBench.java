package memlab.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.size_t;

import memlab.nativelib.CTypes;
import memlab.nativelib.NativeLib;

/**
 * What one call into C costs, by binding: the same three C functions — {@code void noop(void)},
 * {@code int add(int, int)}, and {@code int buffer(const uint8_t *, size_t)} with a 1 KiB
 * off-heap buffer — called through
 *
 * <ul>
 *   <li>{@code ffm*}: a downcall handle, default options (the thread goes native and back:
 *       a state transition and a safepoint poll);</li>
 *   <li>{@code ffmCritical*}: {@code Linker.Option.critical(false)}: no state transition, for
 *       short calls that never block or call back;</li>
 *   <li>{@code ffmCriticalHeapBuffer}: {@code critical(true)} passing a {@code byte[]} itself,
 *       no copy, no off-heap buffer;</li>
 *   <li>{@code jnr*}: JNR-FFI's generated stub over libffi (jffi);</li>
 *   <li>{@code jni*}: a hand-written JNI native method, the old baseline;</li>
 *   <li>{@code cLoop*}: the same call made {@value #C_CALLS} times by C itself, through a
 *       function pointer: the floor, what the call costs with no Java at all.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DowncallBench {

    static final int BUFFER_BYTES = 1024;
    static final int C_CALLS = 1000;

    /** The bench targets as JNR sees them. */
    public interface Targets {
        void memlab_bench_noop();

        int memlab_bench_add(int a, int b);

        int memlab_bench_buffer(Pointer bytes, @size_t long length);
    }

    private Targets jnr;

    private Arena arena;
    private MemorySegment offHeap;
    private Pointer offHeapForJnr;
    private byte[] onHeap;
    private int a = 1;
    private int b = 2;

    /**
     * The downcall handles, in static finals: the JIT treats a static final MethodHandle as a
     * constant and inlines the call through it; from an ordinary field it cannot, and every call
     * pays for an indirect invocation.
     */
    static final class Handles {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup MEMLAB = SymbolLookup.libraryLookup(NativeLib.path(), Arena.global());
        private static final FunctionDescriptor NOOP = FunctionDescriptor.ofVoid();
        private static final FunctionDescriptor ADD = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT);
        private static final FunctionDescriptor BUFFER = FunctionDescriptor.of(JAVA_INT, ADDRESS, CTypes.SIZE_T);
        private static final Linker.Option CRITICAL = Linker.Option.critical(false);

        static final MethodHandle noop = handle("memlab_bench_noop", NOOP);
        static final MethodHandle add = handle("memlab_bench_add", ADD);
        static final MethodHandle buffer = handle("memlab_bench_buffer", BUFFER);
        static final MethodHandle criticalNoop = handle("memlab_bench_noop", NOOP, CRITICAL);
        static final MethodHandle criticalAdd = handle("memlab_bench_add", ADD, CRITICAL);
        static final MethodHandle criticalBuffer = handle("memlab_bench_buffer", BUFFER, CRITICAL);
        static final MethodHandle criticalHeapBuffer = handle("memlab_bench_buffer", BUFFER,
                Linker.Option.critical(true));
        static final MethodHandle noopLoop = handle("memlab_bench_noop_loop", FunctionDescriptor.ofVoid(JAVA_LONG),
                CRITICAL);
        static final MethodHandle addLoop = handle("memlab_bench_add_loop", FunctionDescriptor.of(JAVA_INT, JAVA_LONG),
                CRITICAL);
        static final MethodHandle bufferLoop = handle("memlab_bench_buffer_loop",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, CTypes.SIZE_T, JAVA_LONG), CRITICAL);

        private static MethodHandle handle(String name, FunctionDescriptor type, Linker.Option... options) {
            return LINKER.downcallHandle(MEMLAB.findOrThrow(name), type, options);
        }
    }

    @Setup
    public void bind() {
        jnr = LibraryLoader.create(Targets.class).failImmediately().load(NativeLib.path().toString());
        JniTargets.load();

        arena = Arena.ofConfined();
        offHeap = arena.allocate(BUFFER_BYTES);
        offHeap.fill((byte) 7);
        offHeapForJnr = Pointer.wrap(Runtime.getRuntime(jnr), offHeap.address());
        onHeap = new byte[BUFFER_BYTES];
        java.util.Arrays.fill(onHeap, (byte) 7);
    }

    @TearDown
    public void release() {
        arena.close();
    }

    // ---- void noop(void) ----

    @Benchmark
    public void ffmNoop() throws Throwable {
        Handles.noop.invokeExact();
    }

    @Benchmark
    public void ffmCriticalNoop() throws Throwable {
        Handles.criticalNoop.invokeExact();
    }

    @Benchmark
    public void jnrNoop() {
        jnr.memlab_bench_noop();
    }

    @Benchmark
    public void jniNoop() {
        JniTargets.noop();
    }

    @Benchmark
    @OperationsPerInvocation(C_CALLS)
    public void cLoopNoop() throws Throwable {
        Handles.noopLoop.invokeExact((long) C_CALLS);
    }

    // ---- int add(int, int) ----

    @Benchmark
    public int ffmAdd() throws Throwable {
        return (int) Handles.add.invokeExact(a, b);
    }

    @Benchmark
    public int ffmCriticalAdd() throws Throwable {
        return (int) Handles.criticalAdd.invokeExact(a, b);
    }

    @Benchmark
    public int jnrAdd() {
        return jnr.memlab_bench_add(a, b);
    }

    @Benchmark
    public int jniAdd() {
        return JniTargets.add(a, b);
    }

    @Benchmark
    @OperationsPerInvocation(C_CALLS)
    public int cLoopAdd() throws Throwable {
        return (int) Handles.addLoop.invokeExact((long) C_CALLS);
    }

    // ---- int buffer(const uint8_t *, size_t), 1 KiB ----

    @Benchmark
    public int ffmBuffer() throws Throwable {
        return (int) Handles.buffer.invokeExact(offHeap, (long) BUFFER_BYTES);
    }

    @Benchmark
    public int ffmCriticalBuffer() throws Throwable {
        return (int) Handles.criticalBuffer.invokeExact(offHeap, (long) BUFFER_BYTES);
    }

    @Benchmark
    public int ffmCriticalHeapBuffer() throws Throwable {
        return (int) Handles.criticalHeapBuffer.invokeExact(MemorySegment.ofArray(onHeap), (long) BUFFER_BYTES);
    }

    @Benchmark
    public int jnrBuffer() {
        return jnr.memlab_bench_buffer(offHeapForJnr, BUFFER_BYTES);
    }

    @Benchmark
    public int jniBuffer() {
        return JniTargets.buffer(offHeap.address(), BUFFER_BYTES);
    }

    @Benchmark
    @OperationsPerInvocation(C_CALLS)
    public int cLoopBuffer() throws Throwable {
        return (int) Handles.bufferLoop.invokeExact(offHeap, (long) BUFFER_BYTES, (long) C_CALLS);
    }
}
