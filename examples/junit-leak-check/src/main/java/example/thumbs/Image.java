package example.thumbs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An image decoded by the C library libthumbs, called through the Foreign Function &amp; Memory API.
 * The pixels live in C memory, which no garbage collector frees: {@link #close()} gives them back
 * with {@code thumbs_free}. Forget it, and every image leaks, which is what the leak check is for.
 * Not thread-safe: close an image on the thread that reads it.
 */
public final class Image implements AutoCloseable {

    /** The folder that holds libthumbs; the pom passes the one CMake built into (default: target/native). */
    public static final String LIBRARY_DIR_PROPERTY = "thumbs.dir";

    private static final MethodHandle DECODE;
    private static final MethodHandle CHECKSUM;
    private static final MethodHandle FREE;

    static {
        Path library = Path.of(System.getProperty(LIBRARY_DIR_PROPERTY, "target/native"))
                .resolve(System.mapLibraryName("thumbs"));
        SymbolLookup thumbs = SymbolLookup.libraryLookup(library, Arena.global());
        Linker linker = Linker.nativeLinker();
        DECODE = linker.downcallHandle(thumbs.findOrThrow("thumbs_decode"),
                FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT));
        CHECKSUM = linker.downcallHandle(thumbs.findOrThrow("thumbs_checksum"),
                FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        FREE = linker.downcallHandle(thumbs.findOrThrow("thumbs_free"), FunctionDescriptor.ofVoid(ADDRESS));
    }

    private MemorySegment image;

    private Image(MemorySegment image) {
        this.image = image;
    }

    public static Image decode(int width, int height) {
        MemorySegment image;
        try {
            image = (MemorySegment) DECODE.invokeExact(width, height);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) { // invokeExact declares Throwable; a downcall throws nothing checked
            throw new AssertionError(t);
        }
        if (image.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("thumbs_decode could not make a " + width + " x " + height
                    + " image: a size of 0 or less, too large, or out of memory");
        }
        return new Image(image);
    }

    public long checksum() {
        if (image == null) {
            throw new IllegalStateException("the image is closed");
        }
        try {
            return (long) CHECKSUM.invokeExact(image);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) { // invokeExact declares Throwable; a downcall throws nothing checked
            throw new AssertionError(t);
        }
    }

    @Override
    public void close() {
        if (image != null) {
            try {
                FREE.invokeExact(image);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            image = null;
        }
    }
}
