package memlab.leakcheck;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * libc's own malloc and free, looked up by FFM: native code that is not memlab's, called straight.
 * Shared by the leak check's tests and MemoryPolicyTest.
 */
public final class Libc {

    private static final MethodHandle MALLOC = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("malloc").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));

    private Libc() {
    }

    /** glibc's chunk header: the size word just before a block, its bit 1 set for a chunk of its own mapping. */
    private static final long IS_MMAPPED = 0x2;

    public static MemorySegment malloc(long bytes) throws Throwable {
        return (MemorySegment) MALLOC.invokeExact(bytes);
    }

    public static void free(MemorySegment block) throws Throwable {
        FREE.invokeExact(block);
    }

    /** Whether glibc mapped this block on its own (above its mmap threshold, no free chunk big enough). */
    public static boolean mappedOnItsOwn(MemorySegment block) {
        long size = MemorySegment.ofAddress(block.address() - Long.BYTES).reinterpret(Long.BYTES).get(JAVA_LONG, 0);
        return (size & IS_MMAPPED) != 0;
    }
}
