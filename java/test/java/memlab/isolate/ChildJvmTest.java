package memlab.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import memlab.lab.Row;
import memlab.lab.Side;

class ChildJvmTest {

    private final ChildJvm children = new ChildJvm(Duration.ofMinutes(2));

    @Test
    void aChildsRowComesBackWithItsOwnFlags() {
        Row row = children.run(Side.HEAP, "echo-here", List.of("-Xmx48m"), ExitTask.class, List.of("a b", "ü"));
        assertEquals("echo-here", row.variant());
        assertEquals(2, row.longMetric("args_count"));
        assertEquals("a b", row.labels().get("arg0"));
        assertEquals("ü", row.labels().get("arg1"));
        assertTrue(row.longMetric("max_heap_bytes") <= 48L << 20, "the child ran with -Xmx48m");
        assertEquals(2.5, row.series().get(0).get("y").doubleValue());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // POSIX signals; Windows reports an exception code instead
    void aNativeCrashBecomesARowAndTheParentGoesOn() {
        Row crashed = children.run(Side.FFM, "null-write", List.of(), CrashTask.class, List.of());
        // HotSpot catches the SIGSEGV in native code, writes its error report and exits; the report names it
        assertEquals("killed by SIGSEGV", crashed.labels().get("outcome"), crashed.toString());
        assertEquals(11, crashed.longMetric("signal_number"));
        assertTrue(crashed.labels().get("native_fault").startsWith("SIGSEGV (0xb) at pc="), crashed.toString());
        assertTrue(crashed.labels().get("problematic_frame").contains("memlab_crash_null_write"), crashed.toString());
        assertTrue(crashed.longMetric("exit_code") != 0);

        Row after = children.run(Side.HEAP, "still-alive", List.of(), ExitTask.class, List.of("x"));
        assertEquals(1, after.longMetric("args_count"));
        assertEquals(List.of(), childDirectoriesLeft(), "the crashed child's directory and error report are gone");
    }

    /** This process's child directories still in the temp directory. */
    private static List<String> childDirectoriesLeft() {
        String prefix = "memlab-" + ProcessHandle.current().pid() + "-child-";
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anExitCodeAndATimeoutAreReportedNotThrown() {
        Row exited = children.run(Side.HEAP, "exit", List.of(), ExitTask.class, List.of("exit", "3"));
        assertEquals("exited with code 3", exited.labels().get("outcome"));
        assertEquals(3, exited.longMetric("exit_code"));

        Row hung = new ChildJvm(Duration.ofSeconds(3)).run(Side.HEAP, "hang", List.of(), ExitTask.class,
                List.of("hang"));
        assertEquals("timed out after 3 s and was killed", hung.labels().get("outcome"));
        assertEquals(List.of(), childDirectoriesLeft(), "the killed child's directory is gone");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void signalNames() {
        assertEquals("SIGSEGV", ChildJvm.signalName(139));
        assertEquals("SIGABRT", ChildJvm.signalName(134));
        assertEquals(null, ChildJvm.signalName(3));
    }
}
