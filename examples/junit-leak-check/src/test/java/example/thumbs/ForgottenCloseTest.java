package example.thumbs;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import memlab.junit.NoLeak;

/**
 * The bug the leak check is for: an Image never closed leaks its 4 MiB of pixels on every run.
 * This test fails, on purpose, so it is left out of the normal build; run it with
 * {@code mvn test -Pshow-leak} to see the failure, which names thumbs_decode and this method.
 */
@Tag("leaking")
class ForgottenCloseTest {

    @Test
    @NoLeak(iterations = 20, attributeNativeLeaks = true)
    void checksumForgetsToClose() {
        Image image = Image.decode(1024, 1024);
        image.checksum();
    }
}
