package memlab.nativelib;

import java.util.Locale;

/**
 * Names this machine the way CMakeLists.txt does: {@code <os>-<arch>}, e.g. {@code linux-x86_64}.
 * The native library for a platform lives in the jar at {@code /native/<os>-<arch>/<file>}.
 */
public record Platform(String os, String arch) {

    public static Platform current() {
        return of(System.getProperty("os.name"), System.getProperty("os.arch"));
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

    public String resourcePath() {
        return "/native/" + id() + "/" + libraryFileName();
    }
}
