package example.jdk;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import memlab.junit.NoLeak;

/**
 * Native memory that is not this project's C library: the JDK's zlib behind a Deflater, and libc's
 * malloc called straight through FFM. Used right, with @NoLeak's defaults: these pass.
 */
class DeflaterAndMallocTest {

    @Test
    @NoLeak
    void aDeflaterEndedFreesZlibsState() {
        Deflaters.deflateHundredBytes().end();
    }

    @Test
    @NoLeak
    void aMallocFreedIsGone() throws Throwable {
        MemorySegment block = Libc.malloc(100_000);
        Libc.free(block);
    }
}
