package memlab.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.zip.Deflater;

import memlab.leakcheck.LeakCheck;
import memlab.leakcheck.LeakReport;
import memlab.nativelib.FfmNative;

/**
 * What the leak check catches with its defaults, and how often it cries wolf: for each kind of
 * native leak, the smallest leak per run that 20 checks out of 20 catch, and how many of N checks
 * of the same kind's clean body fail. Writes benchmarks/results/leak-check-floor.md.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests test-compile exec:exec@leak-check-floor [-Dleak-check-floor.args="--clean 200"]
 * </pre>
 *
 * <p>Each check is {@code LeakCheck.iterations(30)} with every default, as {@code @NoLeak} runs one,
 * in this one JVM, one after another. A check "catches" a leak when it fails; the witness that
 * failed it is counted too.
 */
public final class LeakCheckFloor {

    private LeakCheckFloor() {
    }

    private static final MethodHandle LIBC_MALLOC = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("malloc").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    private static final MethodHandle LIBC_FREE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));

    /** A kind of leak: a body that leaks {@code bytes} a run (kept in {@code kept}), and its clean twin. */
    record Kind(String name, LongFunction<LeakCheck.Body> leaking, LeakCheck.Body clean, boolean sized) {
    }

    static final List<Long> KEPT_MEMLAB = new ArrayList<>();
    static final List<Long> KEPT_JNI = new ArrayList<>();
    static final List<MemorySegment> KEPT_LIBC = new ArrayList<>();
    static final List<Object> KEPT = new ArrayList<>(); // direct buffers (the Cleaner frees them) and Deflaters

    static long[] sizes = {8, 32, 128, 512, 1024};
    static final int CATCHES = 20;
    static final int TIMED = 20;

    public static void main(String[] args) throws IOException {
        int cleanChecks = 200;
        Path out = Path.of("benchmarks/results/leak-check-floor.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clean" -> cleanChecks = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
                default -> {
                    System.err.println("usage: LeakCheckFloor [--clean N] [--sizes B,B,...] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        JniTargets.load();
        List<Kind> kinds = List.of(
                new Kind("memlab's tracked malloc (FFM)", bytes -> () -> KEPT_MEMLAB.add(FfmNative.get().malloc(bytes)),
                        () -> FfmNative.get().free(FfmNative.get().malloc(1024)), true),
                new Kind("a JNI library's malloc", bytes -> () -> KEPT_JNI.add(JniTargets.malloc(bytes)),
                        () -> JniTargets.free(JniTargets.malloc(1024)), true),
                new Kind("a direct ByteBuffer kept", bytes -> () -> KEPT.add(ByteBuffer.allocateDirect((int) bytes)),
                        () -> ByteBuffer.allocateDirect(1024).put(0, (byte) 1), true),
                new Kind("libc malloc straight through FFM", bytes -> () -> KEPT_LIBC.add(libcMalloc(bytes)),
                        () -> libcFree(libcMalloc(1024)), true),
                new Kind("a Deflater kept without end()", bytes -> () -> KEPT.add(deflate()), () -> deflate().end(), false));

        List<String> rows = new ArrayList<>(List.of(
                "| kind | caught 20/20 from | caught at each size (of 20) | by | clean checks failed |",
                "|---|---|---|---|---|"));
        for (Kind kind : kinds) {
            List<String> perSize = new ArrayList<>();
            long floor = -1;
            String by = "";
            for (long size : kind.sized() ? sizes : new long[] {0}) {
                int caught = 0;
                for (int i = 0; i < CATCHES; i++) {
                    LeakReport report = LeakCheck.iterations(30).measure(kind.leaking().apply(size));
                    release();
                    if (report.leaks()) {
                        caught++;
                        by = String.join(", ", report.witnesses().stream().filter(LeakReport.Witness::leaks)
                                .map(LeakReport.Witness::name).toList());
                    }
                }
                perSize.add((kind.sized() ? size + " B: " : "") + caught);
                if (caught == CATCHES && floor < 0) {
                    floor = size;
                } else if (caught < CATCHES) {
                    floor = -1; // a floor holds for every size above it
                }
                System.out.printf(Locale.ROOT, "leak-check-floor: %s, %d B a run: caught %d of %d%n", kind.name(), size,
                        caught, CATCHES);
            }
            int falseAlarms = 0;
            java.util.Set<String> alarmedBy = new java.util.TreeSet<>();
            for (int i = 0; i < cleanChecks; i++) {
                LeakReport report = LeakCheck.iterations(30).measure(kind.clean());
                if (report.leaks()) {
                    falseAlarms++;
                    report.witnesses().stream().filter(LeakReport.Witness::leaks).forEach(w -> alarmedBy.add(w.name()));
                    System.out.println("leak-check-floor: a clean check failed:\n" + report.describe());
                }
            }
            System.out.printf(Locale.ROOT, "leak-check-floor: %s, clean: %d of %d failed%n", kind.name(), falseAlarms,
                    cleanChecks);
            String from = !kind.sized() ? (perSize.get(0).equals(Integer.toString(CATCHES)) ? "caught (268,224 B a run)"
                    : "not always") : floor < 0 ? String.format(Locale.ROOT, "not at %,d B or below", sizes[sizes.length - 1])
                    : String.format(Locale.ROOT, "%,d B", floor);
            rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d of %d%s |", kind.name(), from,
                    String.join(", ", perSize), by.isEmpty() ? "-" : by, falseAlarms, cleanChecks,
                    alarmedBy.isEmpty() ? "" : " (" + String.join(", ", alarmedBy) + ")"));
        }
        // what the exact witnesses cost: the same clean check, timed with them and without
        double[] with = new double[TIMED];
        double[] without = new double[TIMED];
        LeakCheck.Body clean = () -> FfmNative.get().free(FfmNative.get().malloc(1024));
        for (int i = 0; i < TIMED; i++) {
            long start = System.nanoTime();
            LeakCheck.iterations(30).measure(clean);
            with[i] = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            LeakCheck.iterations(30).exactNativeWitness(false).measure(clean);
            without[i] = (System.nanoTime() - start) / 1e9;
        }
        java.util.Arrays.sort(with);
        java.util.Arrays.sort(without);
        String timing = String.format(Locale.ROOT, "A check of 10 warm-up and 30 measured runs of a clean body (memlab's"
                + " malloc and free of 1 KiB) took %.2f s with the exact witnesses (median of %d, %.2f to %.2f s) and"
                + " %.2f s without them (`exactNativeWitness(false)`; %.2f to %.2f s), alternated in this JVM: %.2fx.",
                with[TIMED / 2], TIMED, with[0], with[TIMED - 1], without[TIMED / 2], without[0], without[TIMED - 1],
                with[TIMED / 2] / without[TIMED / 2]);
        System.out.println("leak-check-floor: " + timing);
        List<String> page = new ArrayList<>(List.of("# What the leak check catches, and its false alarms", "",
                "Recorded " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))
                        + " by `./mvnw -q -B -DskipTests test-compile exec:exec@leak-check-floor`"
                        + (args.length > 0 ? " with `-Dleak-check-floor.args=\"" + String.join(" ", args) + "\"`" : "")
                        + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                        + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                        + " cores.", "",
                "Every check is `LeakCheck.iterations(30)` with the defaults `@NoLeak` uses (heap 256 B, memlab's"
                        + " tracked bytes 0, the body's thread's native blocks 64 B, what no hook saw 256 B, the process"
                        + " allocator 2 MiB a run). A clean check that failed names its witnesses in brackets."
                        + " A leak is caught when the check fails; \"by\" names the witnesses that failed its last caught check. Sizes"
                        + " tried: " + java.util.Arrays.toString(sizes) + " B a run, " + CATCHES + " checks each.", ""));
        page.addAll(rows);
        page.addAll(List.of("", timing));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, String.join("\n", page) + "\n", StandardCharsets.UTF_8);
        System.out.println("leak-check-floor: wrote " + out);
    }

    private static Deflater deflate() {
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[100]);
        deflater.finish();
        deflater.deflate(new byte[256]);
        return deflater;
    }

    private static MemorySegment libcMalloc(long bytes) {
        try {
            MemorySegment block = (MemorySegment) LIBC_MALLOC.invokeExact(bytes);
            block.reinterpret(bytes).set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);
            return block;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void libcFree(MemorySegment block) {
        try {
            LIBC_FREE.invokeExact(block);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** What a leaking check kept, freed before the next: each check starts from the same process. */
    private static void release() {
        KEPT_MEMLAB.forEach(FfmNative.get()::free);
        KEPT_JNI.forEach(JniTargets::free);
        KEPT_LIBC.forEach(LeakCheckFloor::libcFree);
        KEPT.stream().filter(Deflater.class::isInstance).map(Deflater.class::cast).forEach(Deflater::end);
        KEPT_MEMLAB.clear();
        KEPT_JNI.clear();
        KEPT_LIBC.clear();
        KEPT.clear();
    }
}
