package memlab.nativelib;

import java.util.Locale;
import java.util.function.Supplier;

/** The two doors into the memlab C library: java.lang.foreign (FFM) and JNR-FFI. */
public enum Binding {
    FFM, JNR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What every lab shares through this binding: the tracked allocator, process statistics, copies. */
    public NativeMemory memory() {
        return pick(FfmNative::get, JnrNative::get);
    }

    /**
     * This binding's implementation of a lab's own interface, e.g.
     * {@code binding.pick(LeakFfm::new, LeakJnr::new)}. A library too old to have the lab's symbols
     * is reported in one line, as a missing library is.
     */
    public <T> T pick(Supplier<? extends T> ffm, Supplier<? extends T> jnr) {
        try {
            return (this == FFM ? ffm : jnr).get();
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof NativeLibraryException missing) {
                throw missing;
            }
            throw new NativeLibraryException("cannot bind the native library " + NativeLib.path() + " through "
                    + id() + ": " + e.getCause().getMessage() + "; rebuild it with ./mvnw verify for this platform");
        }
    }
}
