package memlab.leakcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import one.convert.Arguments;
import one.convert.JfrToFlame;
import one.profiler.AsyncProfiler;

/**
 * Where a native leak was allocated. The witnesses say that native memory grows with the runs,
 * not who allocates it; so the body runs again under async-profiler's {@code nativemem} mode,
 * which records every malloc and free of the process with its stack (native frames and Java
 * frames). What the body's thread allocated and nobody freed, grouped by stack, is the leak: the
 * sites with the most bytes go into the failure message, and async-profiler's own converter draws
 * them as an HTML flame graph beside the recording.
 *
 * <p>A free is matched to its malloc by address, in time order; another thread that reuses an
 * address before the free's event is written could hide one block (rare: glibc's caches are per
 * thread). Only an explanation: the verdict stands on the witnesses alone. Where async-profiler cannot
 * load (Windows, a JVM without its library), the result says why and names no site.
 */
final class NativeLeakAttribution {

    /** Sites named in the message. */
    static final int TOP_SITES = 5;

    /** The body runs on this check's thread; the JIT and the GC malloc on their own, and are left out. */
    private static final String MALLOC = "profiler.Malloc";
    private static final String FREE = "profiler.Free";
    private static final String FFM_DOWNCALL = "(FFM downcall)";

    /** One stack that allocated and did not free: its frames, innermost first, and what it kept. */
    record Site(List<String> frames, long bytes, long blocks) {

        /** "  2,048 B in 2 blocks{after}: deflateInit2_ <- ...", as a failure lists it. */
        String describe(String after) {
            return String.format(Locale.ROOT, "  %,d B in %,d %s%s: %s", bytes, blocks, blocks == 1 ? "block" : "blocks",
                    after, String.join(" <- ", frames));
        }

        /** Bytes and blocks totalled by stack, as sites, most bytes first. */
        static List<Site> of(Map<List<String>, long[]> bytesAndBlocks) {
            return bytesAndBlocks.entrySet().stream()
                    .map(e -> new Site(e.getKey(), e.getValue()[0], e.getValue()[1]))
                    .sorted(Comparator.comparingLong(Site::bytes).reversed()).toList();
        }
    }

    /** The sites, or why there are none; the recording and flame graph when they were written. */
    record Result(List<Site> sites, int runs, Path recording, Path flameGraph, String unavailable) {

        String describe() {
            if (unavailable != null) {
                return "no attribution: " + unavailable;
            }
            List<String> lines = new ArrayList<>();
            lines.add(sites.isEmpty()
                    ? String.format(Locale.ROOT, "attribution: in %d more runs under async-profiler, the body's thread"
                            + " left no native block unfreed", runs)
                    : String.format(Locale.ROOT, "allocated and not freed in %d more runs under async-profiler"
                            + " (the body's thread), by stack:", runs));
            for (Site site : sites) {
                lines.add(site.describe(String.format(Locale.ROOT, " (%,d B a run)", site.bytes() / runs)));
            }
            if (flameGraph != null) {
                lines.add("  flame graph: " + flameGraph.toAbsolutePath());
            }
            return String.join("\n", lines);
        }
    }

    private NativeLeakAttribution() {
    }

    /** Runs {@code body} {@code runs} times under async-profiler; writes NAME.jfr and NAME.html into {@code directory}. */
    static Result attribute(String name, int runs, LeakCheck.Body body, Path directory) {
        AsyncProfiler profiler;
        try {
            profiler = AsyncProfiler.getInstance();
        } catch (NoClassDefFoundError e) {
            return unavailable(runs, "async-profiler (tools.profiler:async-profiler) is not on the class path");
        } catch (Throwable e) { // UnsatisfiedLinkError on Windows, or where its library cannot load
            return unavailable(runs, "async-profiler cannot load on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + " (" + e.getMessage() + ")");
        }
        Path recording;
        try {
            Files.createDirectories(directory);
            recording = directory.resolve(fileName(name) + ".jfr");
            profiler.execute("start,nativemem,file=" + recording);
        } catch (IOException | RuntimeException e) {
            return unavailable(runs, "async-profiler did not start (" + e.getMessage() + ")");
        }
        try {
            for (int i = 0; i < runs; i++) {
                body.run();
            }
        } catch (Throwable e) {
            return unavailable(runs, "the body threw while profiled: " + e);
        } finally {
            try {
                profiler.execute("stop");
            } catch (IOException | RuntimeException e) {
                // reported below: the recording is then missing or unreadable
            }
        }
        try {
            List<Site> sites = unfreed(recording, Thread.currentThread().threadId());
            return new Result(sites, runs, recording, flameGraph(name, recording, directory), null);
        } catch (IOException | RuntimeException e) {
            // an explanation that fails must not replace the verdict it explains
            return unavailable(runs, "cannot read async-profiler's recording " + recording + " (" + e + ")");
        }
    }

    private static Result unavailable(int runs, String why) {
        return new Result(List.of(), runs, null, null, why);
    }

    /** Every block allocated on {@code threadId} and freed by no thread, grouped by stack, most bytes first. */
    static List<Site> unfreed(Path recording, long threadId) throws IOException {
        List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(recording));
        events.sort(Comparator.comparing(RecordedEvent::getStartTime)); // threads write their own buffers
        Map<Long, RecordedEvent> live = new HashMap<>();
        for (RecordedEvent event : events) {
            String type = event.getEventType().getName();
            if (type.equals(MALLOC)) {
                live.put(event.getLong("address"), event);
            } else if (type.equals(FREE)) {
                live.remove(event.getLong("address"));
            }
        }
        Map<List<String>, long[]> bytesAndBlocks = new LinkedHashMap<>();
        for (RecordedEvent malloc : live.values()) {
            if (malloc.getThread() == null || malloc.getThread().getJavaThreadId() != threadId) {
                continue;
            }
            List<String> frames = frames(malloc.getStackTrace());
            if (frames.stream().anyMatch(frame -> frame.startsWith("one.profiler."))) {
                continue; // the profiler's own start and stop, not the body
            }
            long[] totals = bytesAndBlocks.computeIfAbsent(frames, k -> new long[2]);
            totals[0] += malloc.getLong("size");
            totals[1]++;
        }
        return Site.of(bytesAndBlocks).stream().limit(TOP_SITES).toList();
    }

    /**
     * A stack as a reader wants it: from the allocating function out to the code that called it,
     * without the profiler's hook or lambda frames, with FFM's generated plumbing shown once, and
     * cut where this class or the check runs the body (below that is the test framework).
     */
    static List<String> frames(RecordedStackTrace stack) {
        List<String> frames = new ArrayList<>();
        if (stack == null) {
            return List.of("(no stack)");
        }
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            String method = frame.getMethod().getName();
            if (type.equals(NativeLeakAttribution.class.getName()) || type.equals(LeakCheck.class.getName())
                    || type.startsWith("java.lang.reflect.")
                    || type.startsWith("jdk.internal.reflect.")) {
                break; // where this class, or @NoLeak by reflection, runs the body: below is the test framework
            }
            if (type.startsWith("libasyncProfiler") || method.endsWith("_hook") || type.contains("$$Lambda")) {
                continue;
            }
            String shown = plumbing(type, method) ? FFM_DOWNCALL
                    : javaFrame(frame) ? type + "." + method : method;
            if (frames.isEmpty() || !frames.get(frames.size() - 1).equals(shown)) {
                frames.add(shown);
            }
        }
        // reflection reaches the body through method handles too: they are not a downcall
        if (!frames.isEmpty() && frames.get(frames.size() - 1).equals(FFM_DOWNCALL)) {
            frames.remove(frames.size() - 1);
        }
        return frames;
    }

    /** async-profiler marks native and VM frames by type; a native frame's "type" is its library. */
    private static boolean javaFrame(RecordedFrame frame) {
        String kind = frame.getType();
        return !("Native".equals(kind) || "C++".equals(kind) || "Kernel".equals(kind));
    }

    /** The method handles and stubs that a downcall goes through, generated at run time. */
    private static boolean plumbing(String type, String method) {
        return type.startsWith("java.lang.invoke.") || type.startsWith("jdk.internal.foreign.")
                || method.equals(".nep_invoker_blob") || method.startsWith("nep_invoker");
    }

    /** async-profiler's own converter: the leak as a flame graph; null when it cannot write one. */
    private static Path flameGraph(String name, Path recording, Path directory) {
        Path html = directory.resolve(fileName(name) + ".html");
        try {
            // the stacks through the body, as the message reads them: not the JIT's, nor the profiler's own start
            JfrToFlame.convert(recording.toString(), html.toString(), new Arguments("--nativemem", "--leak",
                    "--include", ".*" + NativeLeakAttribution.class.getName().replace('.', '/') + "\\.attribute.*",
                    "--exclude", ".*one/profiler/.*", "--title", "Native memory not freed: " + name));
            return html;
        } catch (IOException | RuntimeException | NoClassDefFoundError e) {
            return null;
        }
    }

    /** Long names (a parameterized test's arguments) are cut, with a hash of the whole, to fit any file system. */
    static final int LONGEST_FILE_NAME = 120;

    /** A check's name as a file name: letters, digits, dots, dashes and underscores. */
    static String fileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > LONGEST_FILE_NAME) {
            safe = safe.substring(0, LONGEST_FILE_NAME) + "-" + Integer.toHexString(name.hashCode());
        }
        return safe.isEmpty() ? "leak-check" : safe;
    }
}
