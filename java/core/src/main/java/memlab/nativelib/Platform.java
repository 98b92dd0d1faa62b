package memlab.nativelib;

import java.util.List;
import java.util.Locale;

/**
 * Names this machine the way CMakeLists.txt does: {@code <os>-<arch>}, e.g. {@code linux-x86_64}.
 * The native library for a platform lives in the jar at {@code /native/<os>-<arch>/<file>}.
 */
public record Platform(String os, String arch) {

    /** Linux with musl libc (Alpine): a library of its own, {@code linux-musl-<arch>}. */
    public static final String LINUX_MUSL = "linux-musl";

    /**
     * The platforms memlab.jar carries a library for when built with {@code -Pall-platforms}, as
     * .ci/run and the release workflow build it (NativeLibrariesIT checks the jar against this list).
     */
    public static final List<Platform> SHIPPED = List.of(
            new Platform("linux", "x86_64"), new Platform("linux", "aarch64"),
            new Platform(LINUX_MUSL, "x86_64"), new Platform(LINUX_MUSL, "aarch64"),
            new Platform("macos", "x86_64"), new Platform("macos", "aarch64"),
            new Platform("windows", "x86_64"));

    /**
     * The oldest glibc the Linux libraries load on: they need mallinfo2 (glibc 2.33) and, built
     * against glibc 2.34 or newer, the pthread functions that moved into libc in 2.34. Ubuntu 22.04,
     * Debian 12 and RHEL 9 have it. NativeLibrariesIT reads the highest GLIBC_ version each needs.
     */
    public static final String OLDEST_GLIBC = "2.34";

    /** The oldest macOS: 11.0, the first for Apple silicon, set for both architectures (cmake/zig-*-macos.cmake). */
    public static final String OLDEST_MACOS = "11.0";

    private static final Platform CURRENT = detect();

    public static Platform current() {
        return CURRENT;
    }

    private static Platform detect() {
        Platform platform = of(System.getProperty("os.name"), System.getProperty("os.arch"));
        return platform.os().equals("linux") && muslMapped(readMaps()) ? new Platform(LINUX_MUSL, platform.arch()) : platform;
    }

    private static String readMaps() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps"));
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Whether the JVM runs on musl: its dynamic loader, {@code ld-musl-<arch>.so.1}, which is also its
     * libc, is mapped into the process (glibc's is {@code ld-linux-*.so.2}). The file a JDK happens to
     * find on disk would not tell: an Alpine image can carry glibc's too, for another program.
     */
    static boolean muslMapped(String maps) {
        return maps.contains("/ld-musl-");
    }

    static Platform of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            os = "windows";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            os = "macos";
        } else if (os.startsWith("linux")) {
            os = "linux";
        } else {
            os = os.replaceAll("[^a-z0-9]", "");
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return new Platform(os, arch);
    }

    /** Linux, on either C library: the kernel's figures (/proc, cgroups, page faults) are the same. */
    public boolean linux() {
        return os.equals("linux") || os.equals(LINUX_MUSL);
    }

    public String id() {
        return os + "-" + arch;
    }

    /** libmemlab.so, libmemlab.dylib or memlab.dll. */
    public String libraryFileName() {
        return switch (os) {
            case "windows" -> "memlab.dll";
            case "macos" -> "libmemlab.dylib";
            default -> "libmemlab.so";
        };
    }

    /** Names the shipped platforms for a message: "linux-x86_64, linux-aarch64, ...". */
    public static String shippedIds() {
        return String.join(", ", SHIPPED.stream().map(Platform::id).toList());
    }

    /** The platforms whose library this jar (or target/classes) carries, in {@link #SHIPPED}'s order. */
    public static List<Platform> inThisBuild() {
        return SHIPPED.stream().filter(p -> Platform.class.getResource(p.resourcePath()) != null).toList();
    }

    /**
     * Why there is no library for {@code platform}, naming what the build does carry (a jar built
     * without the all-platforms profile has this machine's alone) and what a full build has.
     */
    static String missingMessage(Platform platform, List<Platform> carried, String pathProperty) {
        String inside = carried.isEmpty() ? "none"
                : String.join(", ", carried.stream().map(Platform::id).toList()) + (carried.size() == 1 ? " only" : "");
        String full = carried.size() < SHIPPED.size() && SHIPPED.contains(platform)
                ? "; a jar built with -Pall-platforms carries " + shippedIds() : "";
        return "no native library for " + platform.id() + " in this jar (it carries " + inside + full
                + "); build memlab on this platform with ./mvnw verify, or pass -D" + pathProperty + "=<file>";
    }

    public String resourcePath() {
        return "/native/" + id() + "/" + libraryFileName();
    }
}
