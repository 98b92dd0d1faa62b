package memlab.nativelib;

import memlab.util.UsageException;

/** The native library is missing or cannot be loaded: the user must build it or point to one. */
public final class NativeLibraryException extends UsageException {
    public NativeLibraryException(String message) {
        super(message);
    }
}
