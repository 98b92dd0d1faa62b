package memlab.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;

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

    private MethodHandle malloc;
    private MethodHandle free;
    private MethodHandle trackedMalloc;
    private MethodHandle trackedFree;

    private Arena poolArena;
    private MemorySegment pool;
    private SegmentAllocator slicing;
    private long sliced;

    @Setup
    public void bind() {
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(false);
        FunctionDescriptor mallocType = FunctionDescriptor.of(ADDRESS, CTypes.SIZE_T);
        FunctionDescriptor freeType = FunctionDescriptor.ofVoid(ADDRESS);
        SymbolLookup libc = linker.defaultLookup();
        malloc = linker.downcallHandle(libc.findOrThrow("malloc"), mallocType, critical);
        free = linker.downcallHandle(libc.findOrThrow("free"), freeType, critical);
        SymbolLookup memlab = SymbolLookup.libraryLookup(NativeLib.path(), Arena.global());
        trackedMalloc = linker.downcallHandle(memlab.findOrThrow("memlab_malloc"), mallocType, critical);
        trackedFree = linker.downcallHandle(memlab.findOrThrow("memlab_free"), freeType, critical);

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
        MemorySegment block = (MemorySegment) malloc.invokeExact(bytes);
        free.invokeExact(block);
        return block;
    }

    @Benchmark
    public MemorySegment trackedMallocFree() throws Throwable {
        MemorySegment block = (MemorySegment) trackedMalloc.invokeExact(bytes);
        trackedFree.invokeExact(block);
        return block;
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
