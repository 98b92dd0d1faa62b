package memlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: one line on stderr saying what to do, exit code 2, no stack trace, nothing run. */
class BadInputTest {

    private static void assertRefused(MemlabProcess.Result result, String expectedText) {
        assertEquals(2, result.exit(), result.toString());
        assertEquals(1, result.stderrLines().size(), "one line: " + result.stderr());
        String line = result.stderrLines().get(0);
        assertTrue(line.startsWith("memlab: "), line);
        assertTrue(line.contains(expectedText), line);
        assertFalse(result.stderr().contains("\tat "), "no stack trace: " + result.stderr());
        assertFalse(line.contains("Exception"), "no Java exception names: " + line);
        assertEquals("", result.stdout(), "nothing ran");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "run nosuch                         | unknown lab 'nosuch'; run 'memlab list'",
        "run 99                             | unknown lab '99'",
        "run leak --sides heap,gpu          | unknown side 'gpu'",
        "run leak --sides ''                | unknown side ''",
        "run leak --size 0                  | size must be positive",
        "run leak --size -5MB               | not a size: '-5MB'",
        "run leak --size abc                | not a size: 'abc'",
        "run leak --size 99999999999999999999 | is too large",
        "run leak --size 9000000TB          | is too large",
        "run leak --size 8000000TB          | over the budget",
        "run leak --size 64GB               | over the budget",
        "run leak --iterations 0            | --count for lab leak (iterations) must be between 1 and 10,000",
        "run leak --count 10001            | must be between 1 and 10,000",
        "run materialize --size 8           | lab materialize takes no --size",
        "run 1 --count 20000001             | --count for lab materialize (values) must be between 1 and 20,000,000",
        "all --quick --size 1MB             | memlab all runs each lab at its own sizes",
        "run leak --iterations x            | Invalid value for option '--iterations': 'x' is not a whole number",
        "run leak --count abc               | Invalid value for option '--count': 'abc' is not a whole number",
        "run leak --count=abc               | Invalid value for option '--count': 'abc' is not a whole number",
        "run leak --count 5 --iterations 1.5 | Invalid value for option '--iterations': '1.5' is not a whole number",
        "run leak --count 99999999999999999999 | Invalid value for option '--count': '99999999999999999999' is out of range",
        "run leak --count -3                | --count for lab leak (iterations) must be between 1 and 10,000, got -3",
        "run leak --count                   | Missing required parameter for option '--count'",
        "run leak --format xml              | Invalid value for option '--format'",
        "run                                | Missing required parameter",
        "frobnicate                         | Unmatched argument",
        "run leak --bogus                   | Unknown option: '--bogus'",
    })
    void isRefusedInOneLine(String args, String expected) throws Exception {
        assertRefused(MemlabProcess.run(args.strip().split("\\s+")), expected.strip());
    }

    @Test
    void anOverBudgetRunCreatesNoOutputDirectory(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("not-yet");
        assertRefused(MemlabProcess.run("run", "leak", "--size", "1TB", "--out", out.toString()), "over the budget");
        assertFalse(Files.exists(out), "validated before anything was created");
    }

    private static final String CHOOSE = "; choose a --out folder you can write to";

    @Test
    void anOutDirectoryUnderAFileIsRefused(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path out = file.resolve("sub");
        for (String dryRun : List.of("--quick", "--dry-run")) {
            assertRefused(MemlabProcess.run("run", "leak", dryRun, "--out", out.toString()),
                    "cannot write the report to " + out + ": " + file + " is a file, not a folder" + CHOOSE);
        }
    }

    @Test
    void anOutDirectoryThatIsAFileIsRefused(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertRefused(MemlabProcess.run("run", "leak", "--quick", "--out", file.toString()),
                "cannot write the report to " + file + ": it is a file, not a folder" + CHOOSE);
    }

    @Test
    void anOutDirectoryThatCannotBeCreatedIsRefusedInWords() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc: no folder can be made in it");
        MemlabProcess.Result result = MemlabProcess.run("run", "leak", "--quick", "--out", "/proc/nope/x");
        assertRefused(result, "cannot write the report to /proc/nope/x: ");
        assertTrue(result.stderr().strip().endsWith(CHOOSE), result.stderr());
        if (Files.isWritable(Path.of("/proc"))) { // root: the check gets as far as mkdir
            assertRefused(result, ": the folder /proc/nope does not exist and cannot be created" + CHOOSE);
        }
    }

    @Test
    void aWriteWithoutPermissionIsRefusedInWords(@TempDir Path tmp) {
        // the system's refusal as the JDK reports it; a real read-only folder cannot refuse root, who runs CI
        Path dir = tmp.resolve("x");
        assertEquals("cannot write the report to " + dir + ": you have no permission to write in " + tmp + CHOOSE,
                OutDir.cannotWrite(dir, new java.nio.file.AccessDeniedException(dir.toString())).getMessage());
    }

    @Test
    void aMissingNativeLibraryNamesThePathTried(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("libnothing.so");
        assertRefused(MemlabProcess.run(List.of("-Dmemlab.native.path=" + missing), "run", "leak", "--quick"),
                "native library not found at " + missing);
    }

    @Test
    void anUnloadableNativeLibraryIsReported(@TempDir Path tmp) throws Exception {
        Path garbage = Files.writeString(tmp.resolve("libmemlab.so"), "not a shared object");
        assertRefused(MemlabProcess.run(List.of("-Dmemlab.native.path=" + garbage), "run", "leak", "--quick"),
                "cannot load the native library " + garbage + ": not a shared library");
    }
}
