package memlab.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JNI baseline: the same calls as memlab's bench targets, as JNI native methods, from
 * benchmarks/native/jni_bench.c. CMake builds it into benchmarks/target/cmake/bench; the benchmark command
 * points {@value #PATH_PROPERTY} there.
 */
final class JniTargets {

    static final String PATH_PROPERTY = "memlab.bench.jni";

    private JniTargets() {
    }

    static native void noop();

    static native int add(int a, int b);

    static native int buffer(long address, long length);

    /** The stub's own malloc and free (libc's, through its own calls): a JNI library's leak for LeakCheckFloor. */
    static native long malloc(long bytes);

    static native void free(long address);

    /** Loads the stub once; a missing one gets a message that says how to build it. */
    static synchronized void load() {
        String directory = System.getProperty(PATH_PROPERTY, "benchmarks/target/cmake/bench");
        Path library = Path.of(directory, System.mapLibraryName("memlab_jni_bench")).toAbsolutePath();
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("no JNI baseline at " + library + ": build it with"
                    + " ./mvnw -DskipTests test-compile (CMake needs a JDK with JNI headers, found through JAVA_HOME)");
        }
        System.load(library.toString());
    }
}
