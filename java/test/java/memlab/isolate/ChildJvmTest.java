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

import memlab.lab.Metrics;
import memlab.lab.Outcome;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;

class ChildJvmTest {

    private final ChildJvm children = new ChildJvm(Duration.ofMinutes(2));

    private static VariantArgs args(Side side, String kind, long size, long count) {
        return new VariantArgs(new Variant(side, kind), size, count);
    }

    @Test
    void aChildsRowComesBackWithItsOwnFlags() {
        Row row = children.run(args(Side.HEAP, "echo", 123_456_789_012L, 7), List.of("-Xmx48m"), ExitTask.class);
        assertEquals("heap_echo", row.name());
        assertTrue(row.outcome().finished(), row.toString());
        assertEquals(123_456_789_012L, row.longMetric(ExitTask.SIZE_ECHO));
        assertEquals(7, row.longMetric(ExitTask.COUNT_ECHO));
        assertEquals("echo", row.labels().get("kind"));
        assertTrue(row.longMetric(ExitTask.MAX_HEAP) <= 48L << 20, "the child ran with -Xmx48m");
        assertEquals(2.5, row.series().get(0).get("y").doubleValue());
    }

    @Test
    void aRowIsNamedAfterTheParentsVariantWhateverTheChildCallsIt() {
        Row row = children.run(args(Side.JNR, "echo", 1, 1), List.of(), ExitTask.class)
                .renamed(new Variant(Side.FFM, "renamed"));
        assertEquals("ffm_renamed", row.name());
        assertEquals(1, row.longMetric(ExitTask.COUNT_ECHO));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // POSIX signals; Windows reports an exception code instead
    void aNativeCrashBecomesARowAndTheParentGoesOn() {
        Row crashed = children.run(args(Side.FFM, "null_write", 1, 1), List.of(), CrashTask.class);
        // HotSpot catches the SIGSEGV in native code, writes its error report and exits; the report names it
        assertEquals(new Outcome.Killed("SIGSEGV", 11), crashed.outcome(), crashed.toString());
        assertEquals("killed by SIGSEGV", crashed.outcome().describe());
        assertEquals(11, crashed.longMetric(Metrics.SIGNAL_NUMBER));
        assertTrue(crashed.labels().get("native_fault").startsWith("SIGSEGV (0xb) at pc="), crashed.toString());
        assertTrue(crashed.labels().get("problematic_frame").contains("memlab_crash_null_write"), crashed.toString());
        assertTrue(crashed.longMetric(Metrics.EXIT_CODE) != 0);

        Row after = children.run(args(Side.HEAP, "still_alive", 1, 1), List.of(), ExitTask.class);
        assertTrue(after.outcome().finished(), after.toString());
        assertEquals(1, after.longMetric(ExitTask.COUNT_ECHO));
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
        Row exited = children.run(args(Side.HEAP, "exit", 1, 3), List.of(), ExitTask.class);
        assertEquals(new Outcome.Failed("exited with code 3"), exited.outcome());
        assertEquals(3, exited.longMetric(Metrics.EXIT_CODE));

        Row hung = new ChildJvm(Duration.ofSeconds(3)).run(args(Side.HEAP, "hang", 1, 1), List.of(), ExitTask.class);
        assertEquals(new Outcome.TimedOut(Duration.ofSeconds(3)), hung.outcome());
        assertEquals("timed out after 3 s and was killed", hung.outcome().describe());
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
