package example.thumbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import memlab.junit.NoLeak;
import memlab.leakcheck.LeakCheck;

/** The clean way to use an Image, checked for leaks: these pass. */
class ImageTest {

    @Test
    void theChecksumReadsEveryPixel() {
        try (Image a = Image.decode(64, 64); Image b = Image.decode(64, 64)) {
            assertEquals(a.checksum(), b.checksum());
        }
    }

    @Test
    void aClosedImageCannotBeRead() {
        Image image = Image.decode(8, 8);
        image.close();
        assertThrows(IllegalStateException.class, image::checksum);
    }

    @Test
    @NoLeak(iterations = 20)
    void decodingAndClosingDoesNotLeak() {
        try (Image image = Image.decode(1024, 1024)) {
            image.checksum();
        }
    }

    @Test
    void theBuilderSaysTheSame() {
        LeakCheck.iterations(20).named("decode and close").assertNoLeak(() -> {
            try (Image image = Image.decode(1024, 1024)) {
                image.checksum();
            }
        });
    }
}
