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

    /**
     * Windows' error report names an exception code above Integer.MAX_VALUE; it is no signal, and
     * reading it must not end the run (it once threw NumberFormatException there).
     */
    @Test
    void aWindowsErrorReportNamesTheExceptionAndNoSignalNumber(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("hs_err_pid4242.log"), String.join("\n",
                "#", "# A fatal error has been detected by the Java Runtime Environment:", "#",
                "#  EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb1c2d1234, pid=4242, tid=77", "#",
                "# Problematic frame:", "# C  [memlab.dll+0x1234]", ""));
        Path stderr = Files.writeString(dir.resolve("stderr.txt"), "");
        Row row = ChildJvm.describeDeath(new Variant(Side.FFM, "crash"), 1, dir, stderr);
        assertEquals(new Outcome.Killed("EXCEPTION_ACCESS_VIOLATION", -1), row.outcome());
        assertTrue(!row.has(Metrics.SIGNAL_NUMBER), row.toString());
        assertEquals("C  [memlab.dll+0x1234]", row.labels().get("problematic_frame"));
        // and a POSIX report's signal keeps its number
        Files.writeString(dir.resolve("hs_err_pid4242.log"),
                "#\n#  SIGSEGV (0xb) at pc=0x00007f0000001234, pid=4242, tid=77\n");
        Row posix = ChildJvm.describeDeath(new Variant(Side.FFM, "crash"), 1, dir, stderr);
        assertEquals(new Outcome.Killed("SIGSEGV", 11), posix.outcome());
    }

    @Test
    void signalNames() {
        assertEquals("SIGSEGV", ChildJvm.signalName("Linux", 139));
        assertEquals("SIGABRT", ChildJvm.signalName("Linux", 134));
        assertEquals(null, ChildJvm.signalName("Linux", 3));
        // the numbers differ: SIGBUS is 7 on Linux, 10 on macOS
        assertEquals("SIGBUS", ChildJvm.signalName("Linux", 135));
        assertEquals("SIGBUS", ChildJvm.signalName("Mac OS X", 138));
        assertEquals("SIGSEGV", ChildJvm.signalName("Mac OS X", 139));
        // Windows: the exit code is the exception code, above Integer.MAX_VALUE as an unsigned number
        assertEquals("EXCEPTION_STACK_OVERFLOW (0xC00000FD)", ChildJvm.signalName("Windows 11", 0xC00000FD));
        assertEquals(null, ChildJvm.signalName("Windows 11", 139));
    }
}
