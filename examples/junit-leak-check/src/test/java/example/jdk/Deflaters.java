package example.jdk;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

final class Deflaters {

    private static final byte[] HUNDRED_BYTES = "a hundred bytes of text to deflate, again and again, until there are 100"
            .repeat(2).substring(0, 100).getBytes(StandardCharsets.US_ASCII);

    private Deflaters() {
    }

    /** A Deflater that has deflated 100 bytes: zlib's state is allocated, and lives until end(). */
    static Deflater deflateHundredBytes() {
        Deflater deflater = new Deflater();
        deflater.setInput(HUNDRED_BYTES);
        deflater.finish();
        deflater.deflate(new byte[256]);
        return deflater;
    }
}
