package memlab.nativelib;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * What every FFM binding shares: one lookup of the memlab library, and downcall handles bound from
 * it. A lab's FFM binding keeps its handles in static finals, bound through {@link #bind}: the JIT
 * treats a static final MethodHandle as a constant and inlines the call through it, which it cannot
 * do from an instance field (DowncallBench: 8.5 ns against 6.6 ns for a default downcall).
 */
public final class Ffm {

    private static SymbolLookup library;

    private Ffm() {
    }

    private static synchronized SymbolLookup library() {
        if (library == null) {
            library = SymbolLookup.libraryLookup(NativeLib.path(), Arena.global());
        }
        return library;
    }

    /** A downcall handle for {@code name}; a library without it is an older build, said in one line. */
    public static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = library().find(name).orElseThrow(() -> new NativeLibraryException(
                "the native library " + NativeLib.path() + " has no symbol " + name
                        + "; it is an older build: rebuild it with ./mvnw verify"));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }

    /** For the catch block of an {@code invokeExact}: errors and runtime exceptions pass as they are. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("downcall failed", t);
    }
}
