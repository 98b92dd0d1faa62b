package memlab.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one place that finds the memlab native library. Both bindings load the file this class
 * names, so FFM and JNR share one copy of the library and its counters.
 *
 * <ol>
 *   <li>{@code -Dmemlab.native.path=/path/to/libmemlab.so}: another build of the library;</li>
 *   <li>otherwise the copy inside the jar (or target/classes), {@code /native/<os>-<arch>/<file>},
 *       extracted once to a temporary directory that is removed when the JVM exits.</li>
 * </ol>
 */
public final class NativeLib {

    public static final String PATH_PROPERTY = "memlab.native.path";

    private static Path path;

    private NativeLib() {
    }

    /** The library file to load; extracts it from the class path on first use. */
    public static synchronized Path path() {
        if (path == null) {
            path = locate();
        }
        return path;
    }

    /**
     * Refuses a file that is not a shared library before dlopen sees it: the loader's own failure
     * is a less helpful message, and HotSpot may print a stack-guard warning of its own first.
     */
    static void requireSharedLibrary(Path file) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
            boolean elf = read == 4 && magic == 0x7f454c46;
            boolean machO = read == 4 && (magic == 0xcffaedfe || magic == 0xcefaedfe || magic == 0xcafebabe);
            boolean pe = read >= 2 && head[0] == 'M' && head[1] == 'Z';
            if (!(elf || machO || pe)) {
                throw new NativeLibraryException("cannot load the native library " + file
                        + ": not a shared library (no ELF, Mach-O or PE header); rebuild it with ./mvnw verify");
            }
        } catch (IOException e) {
            throw new NativeLibraryException("cannot load the native library " + file + ": " + e.getMessage());
        }
    }

    private static Path locate() {
        String override = System.getProperty(PATH_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path file = Path.of(override).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new NativeLibraryException("native library not found at " + file
                        + " (from -D" + PATH_PROPERTY + "); point it at a built "
                        + Platform.current().libraryFileName() + " or remove the property");
            }
            requireSharedLibrary(file);
            return file;
        }
        Platform platform = Platform.current();
        String resource = platform.resourcePath();
        try (InputStream in = NativeLib.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new NativeLibraryException(Platform.missingMessage(platform, Platform.inThisBuild(), PATH_PROPERTY));
            }
            Path dir = memlab.util.TempDirs.create("native");
            Path file = dir.resolve(platform.libraryFileName());
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit(); // registered after the file: deleted after it
            return file;
        } catch (IOException e) {
            throw new NativeLibraryException("cannot extract the native library " + resource
                    + " to a temporary directory: " + e.getMessage() + "; set java.io.tmpdir to a writable directory");
        }
    }
}
