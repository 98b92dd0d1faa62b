package memlab.nativelib;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static memlab.nativelib.CTypes.SIZE_T;

/**
 * What every lab shares, through the Foreign Function &amp; Memory API: one downcall handle per C
 * function, bound once ({@link Ffm#bind}). Structs are read through {@link CTypes}.
 */
public final class FfmNative implements NativeMemory {

    private static FfmNative instance;

    /** Static finals, so the JIT inlines the calls through them; bound on first use. */
    private static final class Handles {
        static final MethodHandle version = Ffm.bind("memlab_version", FunctionDescriptor.of(ADDRESS));
        static final MethodHandle malloc = Ffm.bind("memlab_malloc", FunctionDescriptor.of(ADDRESS, SIZE_T));
        static final MethodHandle calloc = Ffm.bind("memlab_calloc", FunctionDescriptor.of(ADDRESS, SIZE_T, SIZE_T));
        static final MethodHandle realloc = Ffm.bind("memlab_realloc", FunctionDescriptor.of(ADDRESS, ADDRESS, SIZE_T));
        static final MethodHandle free = Ffm.bind("memlab_free", FunctionDescriptor.ofVoid(ADDRESS));
        static final MethodHandle allocStatsGet = Ffm.bind("memlab_alloc_stats_get", FunctionDescriptor.ofVoid(ADDRESS));
        static final MethodHandle allocResetPeak = Ffm.bind("memlab_alloc_reset_peak", FunctionDescriptor.ofVoid());
        static final MethodHandle processStatsGet = Ffm.bind("memlab_process_stats_get", FunctionDescriptor.ofVoid(ADDRESS));
        static final MethodHandle pageSize = Ffm.bind("memlab_page_size", FunctionDescriptor.of(JAVA_LONG));
        static final MethodHandle allocatorTrim = Ffm.bind("memlab_allocator_trim", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle touchPages = Ffm.bind("memlab_touch_pages", FunctionDescriptor.ofVoid(ADDRESS, SIZE_T));

        /** Forces initialisation: binding every handle, or failing once, here. */
        static void load() {
        }
    }

    private FfmNative() {
    }

    /** The shared instance; loads the library on first use. */
    public static synchronized FfmNative get() {
        if (instance == null) {
            var file = NativeLib.path();
            try {
                Handles.load();
            } catch (ExceptionInInitializerError e) {
                if (e.getCause() instanceof NativeLibraryException missing) {
                    throw missing;
                }
                throw new NativeLibraryException("cannot load the native library " + file + " through FFM: "
                        + e.getCause().getMessage() + "; rebuild it with ./mvnw verify for this platform");
            }
            instance = new FfmNative();
        }
        return instance;
    }

    @Override
    public String binding() {
        return "ffm";
    }

    @Override
    public String version() {
        try {
            return ((MemorySegment) Handles.version.invokeExact()).reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long malloc(long bytes) {
        try {
            return ((MemorySegment) Handles.malloc.invokeExact(bytes)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long calloc(long count, long size) {
        try {
            return ((MemorySegment) Handles.calloc.invokeExact(count, size)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long realloc(long address, long bytes) {
        try {
            return ((MemorySegment) Handles.realloc.invokeExact(MemorySegment.ofAddress(address), bytes)).address();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public void free(long address) {
        try {
            Handles.free.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public AllocStats allocStats() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(CTypes.ALLOC_STATS);
            Handles.allocStatsGet.invokeExact(out);
            return AllocStats.of(CTypes.readInt64Fields(CTypes.ALLOC_STATS, offset -> out.get(JAVA_LONG, offset)));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public void resetPeak() {
        try {
            Handles.allocResetPeak.invokeExact();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public ProcessStats processStats() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(CTypes.PROCESS_STATS);
            Handles.processStatsGet.invokeExact(out);
            return ProcessStats.of(CTypes.readInt64Fields(CTypes.PROCESS_STATS, offset -> out.get(JAVA_LONG, offset)));
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public long pageSize() {
        try {
            return (long) Handles.pageSize.invokeExact();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public int allocatorTrim() {
        try {
            return (int) Handles.allocatorTrim.invokeExact();
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public void touchPages(long address, long bytes) {
        try {
            Handles.touchPages.invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable t) {
            throw Ffm.rethrow(t);
        }
    }

    @Override
    public void copyFrom(byte[] source, long address) {
        MemorySegment.copy(source, 0, MemorySegment.ofAddress(address).reinterpret(source.length), JAVA_BYTE, 0,
                source.length);
    }
}
