package memlab.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class PlatformTest {

    @Test
    void namesMatchTheCMakeOutputDirectories() {
        assertEquals("/native/linux-x86_64/libmemlab.so", Platform.of("Linux", "amd64").resourcePath());
        assertEquals("/native/macos-aarch64/libmemlab.dylib", Platform.of("Mac OS X", "aarch64").resourcePath());
        assertEquals("/native/windows-x86_64/memlab.dll", Platform.of("Windows 11", "amd64").resourcePath());
    }

    /** A jar built on x86-64 without -Pall-platforms, run on arm64: it names what it carries, not what it might. */
    @Test
    void aMissingLibraryNamesThePlatformsThisJarCarries() {
        Platform arm = Platform.of("Linux", "aarch64");
        String one = Platform.missingMessage(arm, java.util.List.of(Platform.of("Linux", "amd64")), "memlab.native.path");
        assertEquals("no native library for linux-aarch64 in this jar (it carries linux-x86_64 only; a jar built with"
                + " -Pall-platforms carries linux-x86_64, linux-aarch64, linux-musl-x86_64, linux-musl-aarch64, macos-x86_64,"
                + " macos-aarch64, windows-x86_64);"
                + " build memlab on this platform with ./mvnw verify, or pass -Dmemlab.native.path=<file>", one);
        String freebsd = Platform.missingMessage(Platform.of("FreeBSD", "amd64"), Platform.SHIPPED, "memlab.native.path");
        assertEquals("no native library for freebsd-x86_64 in this jar (it carries linux-x86_64, linux-aarch64,"
                + " linux-musl-x86_64, linux-musl-aarch64, macos-x86_64, macos-aarch64, windows-x86_64); build memlab on"
                + " this platform with ./mvnw verify,"
                + " or pass -Dmemlab.native.path=<file>", freebsd);
        org.junit.jupiter.api.Assertions.assertTrue(Platform.inThisBuild().contains(Platform.current()));
    }

    /** The loader in the process's map tells the C library: Alpine's JDK maps ld-musl, Debian's ld-linux. */
    @Test
    void muslIsToldByItsLoaderInTheMap() {
        org.junit.jupiter.api.Assertions.assertTrue(Platform.muslMapped(
                "7f3c1a000000-7f3c1a014000 r--p 00000000 08:01 131 /lib/ld-musl-x86_64.so.1\n"));
        org.junit.jupiter.api.Assertions.assertFalse(Platform.muslMapped(
                "7f3c1a000000-7f3c1a002000 r--p 00000000 08:01 131 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"));
        assertEquals("linux-musl-aarch64/libmemlab.so",
                new Platform(Platform.LINUX_MUSL, "aarch64").resourcePath().substring("/native/".length()));
        // this machine runs glibc: /proc/self/maps names its loader
        assertEquals("linux", Platform.current().os());
    }

    @Test
    void thisBuildShipsTheLibraryForThisPlatform() {
        assertNotNull(NativeLib.class.getResource(Platform.current().resourcePath()),
                "the build must put the native library on the class path");
    }
}
