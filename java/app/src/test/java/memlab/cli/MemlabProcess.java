package memlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs memlab as a user would, in its own JVM, and captures exit code, stdout and stderr. */
final class MemlabProcess {

    /** The packaged jar's path, set by failsafe for the tests that run it. */
    static final String JAR_PROPERTY = "memlab.jar";

    record Result(int exit, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private MemlabProcess() {
    }

    static Result run(List<String> jvmFlags, String... args) throws IOException, InterruptedException {
        return run(Map.of(), jvmFlags, args);
    }

    /** As {@link #run(List, String...)}, with {@code env} added to the environment (e.g. LC_ALL=C). */
    static Result run(Map<String, String> env, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        return run(false, env, jvmFlags, args);
    }

    /** Runs the packaged jar, {@code java -jar target/memlab.jar ARGS}, as users do (failsafe sets its path). */
    static Result runJar(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(true, env, List.of(), args);
    }

    private static Result run(boolean jarRun, Map<String, String> env, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("memlab-out", ".txt");
        Path err = Files.createTempFile("memlab-err", ".txt");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED");
            command.addAll(jvmFlags);
            String jar = System.getProperty(JAR_PROPERTY);
            if (jarRun && jar != null) {
                command.addAll(List.of("-jar", jar));
            } else if (jarRun) {
                throw new AssertionError(JAR_PROPERTY + " is not set: run this test through failsafe (./mvnw verify)");
            } else {
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(Memlab.class.getName());
            }
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("memlab did not finish: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }
}
