package memlab.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.Warmup;

import memlab.nativelib.FfmNative;
import memlab.nativelib.JnrNative;

/**
 * Lab 08's question in nanoseconds: what one allocate-and-release costs per mechanism, at the
 * same size. Each benchmark allocates, writes one byte (so the allocation cannot be elided) and
 * releases the way its API says; the GC-managed ones are released by the collector later, whose
 * cost shows with {@code -prof gc}.
 *
 * <pre>
 * ./mvnw -q -DskipTests test-compile
 * java --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *      org.openjdk.jmh.Main Lab08_ArenaBench
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class Lab08_ArenaBench {

    @Param({"16", "4096"})
    int bytes;

    private FfmNative ffm;
    private JnrNative jnr;

    @Setup
    public void load() {
        ffm = FfmNative.get();
        jnr = JnrNative.get();
    }

    @Benchmark
    public byte confinedArena() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(bytes);
            segment.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);
            return segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Benchmark
    public long ffmTrackedMallocFree() {
        long address = ffm.malloc(bytes);
        ffm.free(address);
        return address;
    }

    @Benchmark
    public long jnrTrackedMallocFree() {
        long address = jnr.malloc(bytes);
        jnr.free(address);
        return address;
    }

    @Benchmark
    public ByteBuffer directByteBuffer() {
        return ByteBuffer.allocateDirect(bytes).put(0, (byte) 1);
    }

    @Benchmark
    public byte[] heapByteArray() {
        byte[] array = new byte[bytes];
        array[0] = 1;
        return array;
    }
}
