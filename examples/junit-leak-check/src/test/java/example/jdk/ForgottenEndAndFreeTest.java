package example.jdk;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import memlab.junit.NoLeak;

/**
 * The leaks people have, each far below the process allocator's 2 MiB a run: a Deflater kept
 * without end() (about 262 KiB of zlib's state, malloc'd by the JDK's libzip), and 100,000 B of
 * libc's malloc never freed. Both fail with @NoLeak's defaults, on purpose, so they are left out of
 * the normal build: {@code mvn test -Pshow-leak} runs them.
 */
@Tag("leaking")
class ForgottenEndAndFreeTest {

    private static final List<Deflater> POOL = new ArrayList<>();
    private static final List<MemorySegment> BUFFERS = new ArrayList<>();

    @Test
    @NoLeak
    void keepsADeflaterWithoutEnd() {
        POOL.add(Deflaters.deflateHundredBytes());
    }

    @Test
    @NoLeak
    void keepsAMallocWithoutFree() throws Throwable {
        BUFFERS.add(Libc.malloc(100_000));
    }
}
