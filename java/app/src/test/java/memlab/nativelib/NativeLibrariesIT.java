package memlab.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native libraries inside the packaged jar, read from their bytes (SharedLibraryFile): each is
 * for the OS and CPU its folder names, exports exactly the functions native/include declares with
 * MEMLAB_API (a function forgotten on one OS fails here, not on a user's Mac), needs nothing but
 * the OS's own libraries, and loads on the oldest systems memlab claims ({@link Platform}).
 *
 * <p>Which platforms must be there comes from {@code -Dmemlab.platforms}: the host's alone by
 * default, all seven under {@code -Pall-platforms} (as .ci/run builds it).
 */
class NativeLibrariesIT {

    private static final Path JAR = Path.of(System.getProperty("memlab.jar", "target/memlab.jar"));

    /** platform id, e.g. "macos-aarch64" -> what its library says of itself */
    private static final Map<String, SharedLibraryFile> LIBRARIES = new TreeMap<>();

    @BeforeAll
    static void readTheLibrariesInTheJar() throws IOException {
        // native/<os>-<arch>/<file>, the os "linux-musl" for musl's
        Pattern entry = Pattern.compile("native/(([a-z0-9]+(?:-musl)?)-([a-z0-9_]+))/([^/]+)");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (var it = jar.entries().asIterator(); it.hasNext(); ) {
                var next = it.next();
                Matcher name = entry.matcher(next.getName());
                if (name.matches()) {
                    assertEquals(new Platform(name.group(2), name.group(3)).libraryFileName(), name.group(4),
                            "the file name the loader looks for in " + next.getName());
                    try (var in = jar.getInputStream(next)) {
                        LIBRARIES.put(name.group(1), SharedLibraryFile.read(in.readAllBytes()));
                    }
                }
            }
        }
    }

    @Test
    void theJarCarriesEveryPlatformThisBuildWasAskedFor() {
        String wanted = System.getProperty("memlab.platforms", "");
        List<String> expected = Arrays.stream((wanted.isBlank() ? Platform.current().id() : wanted).split(","))
                .map(String::strip).toList();
        for (String platform : expected) {
            assertTrue(LIBRARIES.containsKey(platform), "no library for " + platform + " in " + JAR + ": " + LIBRARIES.keySet());
        }
        for (String platform : LIBRARIES.keySet()) {
            assertTrue(Platform.SHIPPED.stream().anyMatch(p -> p.id().equals(platform)), "not a shipped platform: " + platform);
        }
    }

    @Test
    void eachLibraryIsForTheOsAndCpuItsFolderNames() {
        Map<String, String> formatOf = Map.of("linux", "ELF", "macos", "Mach-O", "windows", "PE");
        LIBRARIES.forEach((platform, library) -> {
            String os = platform.substring(0, platform.indexOf('-')); // linux-musl-x86_64: linux, x86_64
            assertEquals(formatOf.get(os), library.format(), platform);
            assertEquals(platform.substring(platform.lastIndexOf('-') + 1), library.cpu(), platform);
        });
    }

    @Test
    void everyLibraryExportsExactlyTheFunctionsTheHeadersDeclare() throws IOException {
        TreeSet<String> declared = declaredApi();
        assertTrue(declared.size() > 40, "the headers' MEMLAB_API functions: " + declared);
        LIBRARIES.forEach((platform, library) -> {
            TreeSet<String> exported = new TreeSet<>(library.exports().stream().filter(s -> s.startsWith("memlab_")).toList());
            TreeSet<String> missing = new TreeSet<>(declared);
            missing.removeAll(exported);
            TreeSet<String> extra = new TreeSet<>(exported);
            extra.removeAll(declared);
            assertTrue(missing.isEmpty() && extra.isEmpty(),
                    platform + " does not export " + missing + " and exports undeclared " + extra);
        });
    }

    @Test
    void linuxLibrariesNeedOnlyLibcAndNoGlibcNewerThanClaimed() {
        LIBRARIES.forEach((platform, library) -> {
            if (platform.startsWith(Platform.LINUX_MUSL + "-")) {
                // musl's libc.so is its loader too, and versions no symbol
                assertEquals(List.of("libc.so"), library.needs(), platform);
                assertTrue(library.glibcVersions().isEmpty(), platform + " needs glibc: " + library.glibcVersions());
            } else if (library.format().equals("ELF")) {
                assertEquals(List.of("libc.so.6"), library.needs(), platform);
                assertFalse(library.glibcVersions().isEmpty(), platform + " has no GLIBC_ versions: not read");
                String newest = library.glibcVersions().last();
                assertTrue(SharedLibraryFile.compareVersions(newest, Platform.OLDEST_GLIBC) <= 0,
                        platform + " needs GLIBC_" + newest + ", newer than the " + Platform.OLDEST_GLIBC + " memlab claims");
            }
        });
    }

    @Test
    void macLibrariesNeedOnlyLibSystemAndStateTheirMinimumMacos() {
        LIBRARIES.forEach((platform, library) -> {
            if (library.format().equals("Mach-O")) {
                assertEquals(List.of("/usr/lib/libSystem.B.dylib"), library.needs(), platform);
                assertEquals(Platform.OLDEST_MACOS, library.macosMinimum().orElse("none"), platform);
            }
        });
    }

    @Test
    void theWindowsLibraryNeedsOnlySystemDlls() {
        // no libgcc_s or libwinpthread beside it: mingw's runtime is linked in statically
        List<String> system = List.of("kernel32.dll", "msvcrt.dll", "psapi.dll", "ucrtbase.dll");
        LIBRARIES.forEach((platform, library) -> {
            if (library.format().equals("PE")) {
                for (String dll : library.needs()) {
                    String name = dll.toLowerCase(Locale.ROOT);
                    assertTrue(system.contains(name) || name.startsWith("api-ms-win-"), platform + " needs " + dll);
                }
            }
        });
    }

    /** Every function native/include/*.h declares with MEMLAB_API. */
    private static TreeSet<String> declaredApi() throws IOException {
        Pattern declaration = Pattern.compile("MEMLAB_API\\s[^;{]*?\\b(memlab_\\w+)\\s*\\(");
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> headers = Files.list(Path.of("native", "include"))) {
            for (Path header : headers.filter(p -> p.toString().endsWith(".h")).toList()) {
                Matcher m = declaration.matcher(Files.readString(header));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
