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

    @Test
    void thisBuildShipsTheLibraryForThisPlatform() {
        assertNotNull(NativeLib.class.getResource(Platform.current().resourcePath()),
                "the build must put the native library on the class path");
    }
}
