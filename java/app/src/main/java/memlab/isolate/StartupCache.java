package memlab.isolate;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import memlab.lab.ChildTask;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.measure.ObjectSizes;
import memlab.nativelib.Binding;
import memlab.util.TempDirs;

/**
 * A child JVM spends most of its short life loading and linking the same classes: memlab's,
 * Jackson's, FFM's, JNR-FFI's, JOL's and the SQLite driver's. JDK 25 keeps them loaded and linked in
 * an ahead-of-time cache (JEP 483, made in one step by JEP 514's {@code -XX:AOTCacheOutput});
 * measured here, a lab 05 child ran in 0.30 s with one against 0.55 s without, and a JNR child in
 * 0.49 s against 0.73 s. memlab makes one cache per jar and JDK, once (a training child, about 3 s),
 * in {@code java.io.tmpdir/memlab-aot/}, and starts every child with it. What a child measures is
 * unchanged: a cache holds classes, not data, and every figure is a difference taken inside one child.
 *
 * <p>Children also start with {@code -javaagent:memlab.jar}: the jar's {@code Premain-Class} hands
 * JOL its {@code Instrumentation} at start-up, where JOL would otherwise attach to its own JVM the
 * first time a lab sizes an object (about 0.25 s).
 *
 * <p>Only for memlab.jar: the JVM caches classes from jar files, not from directories, so a build's
 * target/classes (tests, an IDE) starts children without either. A JVM that cannot make or use the
 * cache runs the children without it.
 */
final class StartupCache {

    private static final String DIRECTORY = "memlab-aot";

    private StartupCache() {
    }

    /** The cache's JVM flags: made now if this jar and JDK have none yet; none when it cannot be. */
    static List<String> flags(String javaExecutable) {
        return flags(javaExecutable, System.getProperty("java.class.path"),
                Path.of(System.getProperty("java.io.tmpdir"), DIRECTORY));
    }

    /** The same, for a given class path, with caches kept in {@code cacheDirectory}. */
    static List<String> flags(String javaExecutable, String classPath, Path cacheDirectory) {
        Optional<Path> jar = singleJar(classPath);
        if (jar.isEmpty()) {
            return List.of();
        }
        try {
            Path dir = Files.createDirectories(cacheDirectory);
            Path cache = dir.resolve(key(jar.get()) + ".aot");
            if (!Files.isRegularFile(cache) && !train(javaExecutable, jar.get(), dir, cache)) {
                return List.of();
            }
            // trained with the agent too, so that the cache matches the children's flags
            return List.of("-XX:AOTCache=" + cache, agent(jar.get()));
        } catch (IOException e) {
            return List.of(); // no cache: slower children, the same figures
        }
    }

    private static String agent(Path jar) {
        return "-javaagent:" + jar;
    }

    /** The class path, when it is one jar file (java -jar memlab.jar). */
    private static Optional<Path> singleJar(String classPath) {
        if (classPath == null || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** The jar (path, size, time) and the JDK: a cache is only good for the exact jar and JVM that made it. */
    private static String key(Path jar) throws IOException {
        String identity = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()
                + "|" + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        return "memlab-" + HexFormat.of().toHexDigits(identity.hashCode()) + "-"
                + HexFormat.of().toHexDigits(identity.length());
    }

    /**
     * One training child: it loads and links what children use, and its JVM writes the cache when
     * it exits. Written under a temporary name and moved into place, so a run never sees half a cache.
     */
    private static boolean train(String javaExecutable, Path jar, Path dir, Path cache) throws IOException {
        System.err.println("memlab: making a start-up cache for child JVMs, once for this build (" + cache + ")");
        Path work = TempDirs.create("aot");
        try {
            Path partial = work.resolve("cache.aot");
            List<String> command = new ArrayList<>(List.of(javaExecutable, "-XX:AOTCacheOutput=" + partial, agent(jar)));
            command.addAll(ChildJvm.BASE_FLAGS);
            command.addAll(List.of("-cp", jar.toString(), ChildMain.class.getName(), Training.class.getName(),
                    work.resolve("row.json").toString()));
            command.addAll(new VariantArgs(new Variant(Side.FFM, "training"), 1, 1).toArgs());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("output.txt").toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(partial)) {
                return false;
            }
            try (Stream<Path> old = Files.list(dir)) {
                old.filter(f -> f.getFileName().toString().endsWith(".aot")).forEach(f -> f.toFile().delete());
            }
            try {
                Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            TempDirs.deleteTree(work);
        }
    }

    /** What the training child does: what every child does, through both bindings. */
    public static final class Training implements ChildTask {
        @Override
        public Row run(VariantArgs args) {
            for (Binding binding : Binding.values()) {
                var memory = binding.memory();
                memory.free(memory.malloc(4096));
                memory.allocStats();
                memory.processStats();
            }
            ObjectSizes.deepBytes(List.of(new int[1])); // JOL, for the labs that size objects
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
                connection.createStatement().close(); // the SQLite driver, for lab 11
            } catch (SQLException e) {
                // no engine for this platform: lab 11 says so itself; its children start without the classes
            }
            return new Row(args.variant());
        }
    }
}
