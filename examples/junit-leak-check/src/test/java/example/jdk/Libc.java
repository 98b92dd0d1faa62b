package example.jdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** libc's malloc and free, straight through FFM: no library of the project's own in between. */
final class Libc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("malloc").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));

    private Libc() {
    }

    /** {@code bytes} of libc's malloc, written (as a caller fills what it asks for). */
    static MemorySegment malloc(long bytes) throws Throwable {
        MemorySegment block = ((MemorySegment) MALLOC.invokeExact(bytes)).reinterpret(bytes);
        block.fill((byte) 1);
        return block;
    }

    static void free(MemorySegment block) throws Throwable {
        FREE.invokeExact(block);
    }
}
