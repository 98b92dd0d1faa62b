package memlab.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache is an optimisation that must never break a run: children get it only from a
 * jar, and a jar the JVM cannot train on leaves no cache and no flag behind. (A real cache is made
 * from memlab.jar by `memlab all`, which .ci/run runs.)
 */
class StartupCacheTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void aClassPathOfDirectoriesGetsNoCache(@TempDir Path cacheDir) throws IOException {
        assertEquals(List.of(), StartupCache.flags(JAVA, System.getProperty("java.class.path"), cacheDir));
        assertEquals(List.of(), contents(cacheDir));
    }

    @Test
    void aJarTheJvmCannotTrainOnLeavesNoCacheAndNoFlag(@TempDir Path tmp) throws IOException {
        Path jar = tmp.resolve("empty.jar"); // no ChildMain inside: the training child fails at once
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream empty = new JarOutputStream(out, new Manifest())) {
            empty.flush();
        }
        Path cacheDir = tmp.resolve("cache");
        assertEquals(List.of(), StartupCache.flags(JAVA, jar.toString(), cacheDir));
        assertEquals(List.of(), contents(cacheDir));
    }

    private static List<String> contents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
