package memlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memlab.lab.LabRegistry;
import memlab.report.ConsoleText;

/**
 * memlab under a console without Unicode (LC_ALL=C, a Windows code page): what it prints is plain
 * ASCII, exactly the Unicode output with stand-ins for what the console lacks, and no '?' added.
 */
class ConsoleCharsetTest {

    private static final Charset ASCII = StandardCharsets.US_ASCII;

    record Output(int exit, String stdout, String stderr) {
    }

    /** Runs memlab in this JVM with System.out and System.err encoding in {@code charset}, as a console's would. */
    private static Output inProcess(Charset charset, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(stdout, true, charset));
            System.setErr(new PrintStream(stderr, true, charset));
            exit = Memlab.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Output(exit, stdout.toString(charset), stderr.toString(charset));
    }

    private static void assertAsciiAndNoQuestionMarksAdded(String unicode, String ascii) {
        assertTrue(ascii.chars().allMatch(c -> c < 0x80), ascii);
        assertEquals(unicode.chars().filter(c -> c == '?').count(), ascii.chars().filter(c -> c == '?').count(), ascii);
        assertEquals(ConsoleText.fit(unicode, ASCII), ascii);
    }

    @Test
    void listHelpAndErrorsAreAsciiInProcess() {
        for (List<String> args : List.of(List.of("list"), List.of("--help"), List.of("run", "--help"),
                List.of("run", "l\u00ebak\u2014"), List.of("run", "leak", "--count", "\u00b5"))) {
            String[] argv = args.toArray(String[]::new);
            Output unicode = inProcess(StandardCharsets.UTF_8, argv);
            Output ascii = inProcess(ASCII, argv);
            assertEquals(unicode.exit(), ascii.exit(), args.toString());
            assertAsciiAndNoQuestionMarksAdded(unicode.stdout(), ascii.stdout());
            assertAsciiAndNoQuestionMarksAdded(unicode.stderr(), ascii.stderr());
        }
        String error = inProcess(ASCII, "run", "l\u00ebak\u2014").stderr();
        assertTrue(error.startsWith("memlab: unknown lab 'l<U+00EB>ak--'"), error);
    }

    @Test
    void aLabTableUnderThePosixLocaleIsAscii() throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "a POSIX locale");
        // a build without the native library on the class path names it in a property
        List<String> flags = System.getProperty("memlab.native.path") == null ? List.of()
                : List.of("-Dmemlab.native.path=" + System.getProperty("memlab.native.path"));
        Map<String, String> posix = Map.of("LC_ALL", "C");
        MemlabProcess.Result ascii = MemlabProcess.run(posix, flags, "run", "leak", "--quick", "--sides", "heap");
        assertEquals(0, ascii.exit(), ascii.toString());
        String heading = String.format("Lab %02d -- leak: ", LabRegistry.find("leak").info().number());
        assertTrue(ascii.stdout().startsWith(heading), ascii.stdout());
        assertTrue(ascii.stdout().chars().allMatch(c -> c < 0x80), ascii.stdout());
        assertFalse(ascii.stdout().lines().findFirst().orElseThrow().contains("?"), ascii.stdout());
        MemlabProcess.Result listed = MemlabProcess.run(posix, flags, "list");
        List<String> utf8 = new ArrayList<>(flags);
        utf8.add("-Dstdout.encoding=UTF-8");
        MemlabProcess.Result unicode = MemlabProcess.run(utf8, "list");
        assertAsciiAndNoQuestionMarksAdded(unicode.stdout(), listed.stdout());
    }
}
