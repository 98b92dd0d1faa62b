package memlab.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import memlab.nativelib.CTypes;
import memlab.nativelib.NativeLib;

/**
 * What one allocate-and-release costs, by mechanism, at 16 B, 256 B, 4 KiB and 1 MiB (lab 08's
 * question in nanoseconds). Each returns what it allocated, so nothing can be elided; each
 * releases the way its API says. The GC-managed ones ({@code autoArena}, {@code directByteBuffer},
 * {@code heapByteArray}) are released by the collector later: run with {@code -prof gc} (the
 * suite does) to see their bytes per operation and the collections they cause.
 *
 * <ul>
 *   <li>{@code mallocFree}: libc malloc and free through FFM downcalls ({@code critical}).</li>
 *   <li>{@code trackedMallocFree}: memlab's tracked allocator, through the same kind of handle:
 *       the difference is what memlab's exact counting costs.</li>
 *   <li>{@code confinedArena}: {@code Arena.ofConfined()}, allocate (zeroed), close.</li>
 *   <li>{@code slicingAllocator}: slices of a 64 MiB segment allocated once; the allocator starts
 *       over when the segment is used up. No malloc, no zeroing: a pointer bump.</li>
 *   <li>{@code autoArena}: a new {@code Arena.ofAuto()} per allocation, freed by a Cleaner.</li>
 *   <li>{@code directByteBuffer}: {@code ByteBuffer.allocateDirect}, freed by a Cleaner.</li>
 *   <li>{@code heapByteArray}: {@code new byte[]}: a TLAB bump plus zeroing.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AllocationBench {

    static final long POOL_BYTES = 64L << 20;

    @Param({"16", "256", "4096", "1048576"})
    long bytes;

    /** Static finals, so the JIT inlines the downcalls (see DowncallBench.Handles). */
    static final class Handles {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final Linker.Option CRITICAL = Linker.Option.critical(false);
        private static final FunctionDescriptor MALLOC = FunctionDescriptor.of(ADDRESS, CTypes.SIZE_T);
        private static final FunctionDescriptor FREE = FunctionDescriptor.ofVoid(ADDRESS);
        private static final SymbolLookup LIBC = LINKER.defaultLookup();
        private static final SymbolLookup MEMLAB = SymbolLookup.libraryLookup(NativeLib.path(), Arena.global());

        static final MethodHandle malloc = LINKER.downcallHandle(LIBC.findOrThrow("malloc"), MALLOC, CRITICAL);
        static final MethodHandle free = LINKER.downcallHandle(LIBC.findOrThrow("free"), FREE, CRITICAL);
        static final MethodHandle trackedMalloc = LINKER.downcallHandle(MEMLAB.findOrThrow("memlab_malloc"), MALLOC,
                CRITICAL);
        static final MethodHandle trackedFree = LINKER.downcallHandle(MEMLAB.findOrThrow("memlab_free"), FREE, CRITICAL);
        static final MethodHandle mallocLoop = LINKER.downcallHandle(MEMLAB.findOrThrow("memlab_bench_malloc_loop"),
                FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG), CRITICAL);
        static final MethodHandle trackedLoop = LINKER.downcallHandle(MEMLAB.findOrThrow("memlab_bench_tracked_loop"),
                FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG), CRITICAL);
    }

    static final int C_CALLS = 1000;

    private Arena poolArena;
    private MemorySegment pool;
    private SegmentAllocator slicing;
    private long sliced;

    @Setup
    public void bind() {
        poolArena = Arena.ofConfined();
        pool = poolArena.allocate(POOL_BYTES);
        slicing = SegmentAllocator.slicingAllocator(pool);
    }

    @TearDown
    public void release() {
        poolArena.close();
    }

    @Benchmark
    public MemorySegment mallocFree() throws Throwable {
        MemorySegment block = (MemorySegment) Handles.malloc.invokeExact(bytes);
        Handles.free.invokeExact(block);
        return block;
    }

    @Benchmark
    public MemorySegment trackedMallocFree() throws Throwable {
        MemorySegment block = (MemorySegment) Handles.trackedMalloc.invokeExact(bytes);
        Handles.trackedFree.invokeExact(block);
        return block;
    }

    /** The floor: the same malloc/free pair made by C in a loop, no binding in between. */
    @Benchmark
    @OperationsPerInvocation(C_CALLS)
    public void cLoopMallocFree() throws Throwable {
        Handles.mallocLoop.invokeExact((long) C_CALLS, bytes);
    }

    /** memlab's tracked pair made by C in a loop: what the counting itself costs, without FFM. */
    @Benchmark
    @OperationsPerInvocation(C_CALLS)
    public void cLoopTrackedMallocFree() throws Throwable {
        Handles.trackedLoop.invokeExact((long) C_CALLS, bytes);
    }

    @Benchmark
    public long confinedArena() {
        try (Arena arena = Arena.ofConfined()) {
            return arena.allocate(bytes).address();
        }
    }

    @Benchmark
    public MemorySegment slicingAllocator() {
        if (sliced + bytes > POOL_BYTES) {
            slicing = SegmentAllocator.slicingAllocator(pool); // used up: start over at the front
            sliced = 0;
        }
        sliced += bytes;
        return slicing.allocate(bytes);
    }

    @Benchmark
    public MemorySegment autoArena() {
        return Arena.ofAuto().allocate(bytes);
    }

    @Benchmark
    public ByteBuffer directByteBuffer() {
        return ByteBuffer.allocateDirect((int) bytes);
    }

    @Benchmark
    public byte[] heapByteArray() {
        return new byte[(int) bytes];
    }
}
