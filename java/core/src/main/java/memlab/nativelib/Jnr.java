package memlab.nativelib;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * What every JNR binding shares: loading a lab's C interface from the memlab library, once per
 * interface, and converting addresses. JNR binds each method of the interface to the C function of
 * the same name; {@code @size_t} keeps size_t 64-bit on every OS (Windows' long is 32 bits).
 */
public final class Jnr {

    private static final Map<Class<?>, Object> LOADED = new ConcurrentHashMap<>();

    private Jnr() {
    }

    /** The library as {@code api}, loaded on first use and then shared. */
    public static <T> T load(Class<T> api) {
        return api.cast(LOADED.computeIfAbsent(api, Jnr::loadNow));
    }

    private static Object loadNow(Class<?> api) {
        var file = NativeLib.path();
        try {
            return LibraryLoader.create(api).failImmediately().load(file.toString());
        } catch (LinkageError | RuntimeException e) {
            throw new NativeLibraryException("cannot load the native library " + file + " through JNR-FFI: "
                    + e.getMessage() + "; rebuild it with ./mvnw verify for this platform");
        }
    }

    /** The runtime of a loaded interface: the one its Pointers and Memory belong to. */
    public static Runtime runtime(Object library) {
        return Runtime.getRuntime(library);
    }

    /** The runtime for Pointers to memory no loaded interface owns (JNR's default, the one every interface shares here). */
    public static Runtime systemRuntime() {
        return Runtime.getSystemRuntime();
    }

    /** A Pointer for an address; null for 0, as C's NULL. */
    public static Pointer pointer(Runtime runtime, long address) {
        return address == 0 ? null : Pointer.wrap(runtime, address);
    }

    /** The address of a Pointer; 0 for null. */
    public static long address(Pointer pointer) {
        return pointer == null ? 0 : pointer.address();
    }
}
