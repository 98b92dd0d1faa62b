package memlab.leakcheck;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** libc's own malloc and free, looked up by FFM: native code that is not memlab's, called straight. */
final class Libc {

    private static final MethodHandle MALLOC = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("malloc").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));

    private Libc() {
    }

    static MemorySegment malloc(long bytes) throws Throwable {
        return (MemorySegment) MALLOC.invokeExact(bytes);
    }

    static void free(MemorySegment block) throws Throwable {
        FREE.invokeExact(block);
    }
}
