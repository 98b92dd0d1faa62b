package memlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memlab.lab.LabRegistry;
import memlab.measure.HeapProbe;

/**
 * Generated command lines, thousands of them: random commands, lab ids, sides, sizes, counts,
 * formats, paths, unicode and huge numbers. Every one must end with exit 0, or exit 2 and one line
 * on stderr; never a stack trace, never a hang, never a large allocation. {@code run} and {@code all}
 * get {@code --dry-run}, so a valid line validates everything and runs nothing. The seed is fixed:
 * a failure names the exact arguments, and reruns the same way.
 */
class CliFuzzTest {

    private static final long SEED = 20261121L;
    private static final int IN_PROCESS_RUNS = 10_000;
    private static final int PROCESS_RUNS = 24;
    /** A dry run builds a plan and a few strings; a lab's data would be megabytes. */
    private static final long ALLOCATION_LIMIT_BYTES = 16L << 20;

    /** Every lab's id, and numbers just past either end of the index: from the registry, never a list here. */
    private static final String[] LAB_IDS = LabRegistry.all().stream().map(lab -> lab.info().id()).toArray(String[]::new);
    private static final int LAST_LAB = LabRegistry.all().getLast().info().number();
    private static final String[] WEIRD = {"", " ", "-", "--", "lëak", "💥", "レーク", "\t", "leak,arena", "null",
        "../../etc/passwd", "%s%n", "${jndi:x}", "\u202e", "0", "-1", "05", String.format("%02d", LAST_LAB),
        Integer.toString(LAST_LAB + 1), "99", "0x10"};
    private static final String[] SIZES = {"1", "16", "1KB", "512KiB", "64MB", "1GB", "2GiB", "64GB", "1TB",
        "9000000TB", "0", "-1", "-5MB", "1.5MB", "1e9", "NaN", "99999999999999999999", "١٠", "10 MB", "MB", "0x100"};
    private static final String[] COUNTS = {"1", "2", "10", "1000", "10000", "10001", "20000001", "0", "-3",
        "9223372036854775807", "9223372036854775808", "abc", "1.5", "", "٣"};
    private static final String[] SIDES = {"heap", "ffm", "jnr", "heap,ffm", "heap,ffm,jnr", "gpu", "", "HEAP",
        "heap,,ffm", "ffm,ffm", "jnr,heap"};
    private static final String[] FORMATS = {"table", "md", "json", "csv", "xml", "", "JSON"};

    @TempDir
    Path tmp;

    @Test
    void thousandsOfGeneratedCommandLinesEndInZeroOrOneLineAndTwo() {
        Random random = new Random(SEED);
        int[] exits = new int[3];
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int i = 0; i < IN_PROCESS_RUNS; i++) {
                exits[checkInProcess(generate(random))]++;
            }
        });
        // the generator reaches both ends: valid plans (exit 0) and refusals (exit 2)
        assertTrue(exits[0] > IN_PROCESS_RUNS / 20, "exit 0: " + exits[0]);
        assertTrue(exits[2] > IN_PROCESS_RUNS / 2, "exit 2: " + exits[2]);
    }

    @Test
    void generatedCommandLinesBehaveTheSameAsProcesses() throws Exception {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < PROCESS_RUNS; i++) {
            String[] args = generate(random);
            if (String.join(" ", args).indexOf('\0') >= 0) {
                i--; // no OS passes a NUL inside an argument; the in-process test covers it
                continue;
            }
            MemlabProcess.Result result = MemlabProcess.run(args);
            String label = String.join(" ", args) + " -> " + result;
            assertTrue(result.exit() == 0 || result.exit() == 2, label);
            assertFalse(result.stderr().contains("\tat "), "stack trace: " + label);
            if (result.exit() == 2) {
                assertEquals(1, result.stderrLines().size(), label);
            }
        }
    }

    /** Runs memlab in this JVM with stdout and stderr captured; returns its exit code after checking it. */
    private int checkInProcess(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit;
        long allocated;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            long before = HeapProbe.threadAllocatedBytes();
            exit = Memlab.execute(args);
            allocated = HeapProbe.threadAllocatedBytes() - before;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String errText = stderr.toString(StandardCharsets.UTF_8);
        String label = "memlab " + String.join(" ", args) + " -> exit " + exit + ", stderr: " + errText;
        assertTrue(exit == 0 || exit == 2, label);
        assertFalse(errText.contains("\tat ") || errText.contains("Exception in"), "stack trace: " + label);
        if (exit == 2) {
            List<String> lines = errText.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "one line: " + label);
            assertTrue(lines.get(0).startsWith("memlab: "), label);
        }
        assertTrue(allocated < ALLOCATION_LIMIT_BYTES, allocated + " bytes allocated by " + label);
        assertFalse(Files.exists(tmp.resolve("out")), "a dry run created --out: " + label);
        return exit;
    }

    private String[] generate(Random random) {
        List<String> args = new ArrayList<>();
        int command = random.nextInt(10);
        switch (command) {
            case 0 -> args.add("list");
            case 1 -> args.add(pick(random, WEIRD));
            case 2 -> args.add(random.nextBoolean() ? "--help" : "--version");
            case 3, 4 -> args.add("all");
            default -> args.add("run");
        }
        if (args.get(0).equals("run")) {
            int labs = random.nextInt(4); // 0 is a missing parameter
            for (int i = 0; i < labs; i++) {
                args.add(random.nextInt(4) == 0 ? pick(random, WEIRD) : random.nextBoolean()
                        ? pick(random, LAB_IDS) : Integer.toString(1 + random.nextInt(LAST_LAB)));
            }
        }
        int options = random.nextInt(5);
        for (int i = 0; i < options; i++) {
            switch (random.nextInt(9)) {
                case 0 -> args.addAll(List.of("--sides", pick(random, SIDES)));
                case 1 -> args.addAll(List.of("--size", pick(random, SIZES)));
                case 2 -> args.addAll(List.of(random.nextBoolean() ? "--count" : "--iterations", pick(random, COUNTS)));
                case 3 -> args.addAll(List.of("--format", pick(random, FORMATS)));
                case 4 -> args.addAll(List.of("--out", pickPath(random)));
                case 5 -> args.add("--quick");
                case 6 -> args.add(pick(random, new String[] {"--bogus", "-x", "--size", "--count", "--out", "--help"}));
                case 7 -> args.add(pick(random, WEIRD));
                default -> args.addAll(List.of("--count", Long.toString(random.nextLong())));
            }
        }
        if (args.get(0).equals("run") || args.get(0).equals("all")) {
            args.add("--dry-run");
        }
        return args.toArray(String[]::new);
    }

    private String pickPath(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> tmp.resolve("out").toString();
            case 1 -> tmp.resolve("out").resolve("ünïcödé 目录").toString();
            case 2 -> "/proc/1/forbidden";
            case 3 -> "a".repeat(5000);
            case 4 -> "";
            default -> Stream.of("x", "\u0000", "y").reduce("", String::concat);
        };
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
