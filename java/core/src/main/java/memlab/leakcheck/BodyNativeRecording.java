package memlab.leakcheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import memlab.measure.NativeProbe;
import memlab.nativelib.FfmNative;
import memlab.util.TempDirs;
import one.profiler.AsyncProfiler;

/**
 * The exact native witness: what the body's own thread allocated with malloc, calloc, realloc or
 * posix_memalign and no thread has freed, at the end of every run, in bytes and blocks. The
 * process allocator's in-use bytes see the same leaks, but also the JIT compiler's and the
 * collector's mallocs, which move it by hundreds of KiB a run; counted by thread, those are left
 * out, and a leak of a few bytes a run stands out.
 *
 * <p>async-profiler's {@code nativemem} mode records every allocation and free of the process with
 * its thread and address: it patches the calls to malloc in every loaded library (the JDK's zlib
 * behind a Deflater, a JNI library, memlab's own, a library an FFM lookup loads later). A free is
 * matched to its allocation by address, whatever thread frees it: the Cleaner thread frees a
 * Deflater's memory after a collection. The end of each run is marked in the recording by a block
 * of an odd size that this class allocates and frees on the body's thread at the address it notes:
 * an allocation on that thread of that size (memlab's header added) at that address is a mark.
 *
 * <p>What it cannot see: a downcall straight to libc's {@code malloc} (an FFM handle from
 * {@code Linker.nativeLinker().defaultLookup()}, JNR's libc) calls no patched code. For that, the
 * recording also follows every thread's blocks and, at each run's sample, the process allocator's
 * in-use bytes (glibc's mallinfo2, read while the marker is live): what grows in the allocator and
 * in no hook is what no hook saw ({@link Unhooked}). Memory a body hands to another thread to
 * allocate is the process allocator's to see, at its coarser limit. Where async-profiler cannot
 * load (Windows) or is busy with another recording, the check runs without either witness and its
 * report says why. The recording starts before the warm-up, so that blocks allocated then and
 * freed in the measured runs have a known size.
 */
final class BodyNativeRecording {

    private static final String MALLOC = "profiler.Malloc";
    private static final String FREE = "profiler.Free";
    /** The run marker's size: an odd size nothing else on the body's thread is likely to ask for at that instant. */
    private static final long MARKER_BYTES = 7_919;
    /** memlab's tracked malloc puts a header of at most this many bytes before the block it returns. */
    private static final long MARKER_HEADER_AT_MOST = 64;

    /**
     * The JVM's own bookkeeping, done on the body's thread when the body loads or links a class,
     * compiles a native wrapper, deoptimizes, interns a string, or when the profiler (a JVMTI agent)
     * asks for method ids: permanent tables, not a leak of the body's, and measured as the only
     * noise of clean bodies (a clean Arena body read +759 B a run through deoptimization's frames).
     * An allocation with such a frame on its stack is not counted.
     */
    static final Pattern JVM_OWN = Pattern.compile("^(Deoptimization|vframeArray|ClassFileParser|ClassLoader"
            + "|SystemDictionary|InstanceKlass|LinkResolver|ConstantPool|Rewriter|Verifier|SymbolTable|StringTable"
            + "|CodeBlob|nmethod|AdapterHandlerLibrary|CompileBroker|SharedRuntime|MethodData|JvmtiEnv|JvmtiExport"
            + "|Jfr\\w*|BufferNode|PtrQueueSet|G1\\w*)::");

    private final AsyncProfiler profiler;
    private final Path directory;
    private final Path recording;
    private final long threadId = Thread.currentThread().threadId();
    /** Three marks a run, in order: the body begins, the body ends, the witnesses have been read. */
    private final List<Long> markers = new ArrayList<>();
    /** Whether to read the process allocator at each run's sample (where it has a figure: glibc's mallinfo2). */
    private final boolean readAllocator;
    /** The process allocator's in-use bytes, read at each run's third mark while its marker block is live. */
    private final List<Long> allocatorAtMarks = new ArrayList<>();

    /**
     * Live bytes and blocks of the body's thread at each run's end, and what was still live after
     * the last run, by stack (innermost first), most bytes first.
     */
    record Series(double[] bytes, double[] blocks, Unhooked unhooked, List<NativeLeakAttribution.Site> liveAtEnd) {

        /** "still allocated after the last run, by stack: 2,048 B in 2 blocks: malloc <- ..." */
        String describeLiveAtEnd(int sites) {
            List<String> lines = new ArrayList<>(List.of("still allocated by the body's thread after the last run, by stack:"));
            liveAtEnd.stream().limit(sites).forEach(site -> lines.add(site.describe("")));
            return String.join("\n", lines);
        }
    }

    /**
     * What no hook saw, at each run's sample: the process allocator's in-use bytes less the chunks of
     * every block any thread allocated through a patched malloc since the recording began and has not
     * freed. What is left is malloc called straight (an FFM downcall to libc's own malloc, libc's
     * inner mallocs) and the blocks allocated before the recording, a constant, which
     * {@code bytes} leaves out by counting from the first sample. {@code blind[k]}: the step to
     * sample k freed blocks allocated before the recording, whose size no hook saw; that step says
     * nothing of what grew.
     */
    record Unhooked(double[] bytes, boolean[] blind) {

        /** The steps from run to run that can be judged. */
        double[] judgedSteps() {
            double[] steps = new double[bytes.length - 1];
            int count = 0;
            for (int k = 1; k < bytes.length; k++) {
                if (!blind[k]) {
                    steps[count++] = bytes[k] - bytes[k - 1];
                }
            }
            return java.util.Arrays.copyOf(steps, count);
        }
    }

    private BodyNativeRecording(AsyncProfiler profiler, Path directory, boolean readAllocator) {
        this.profiler = profiler;
        this.readAllocator = readAllocator;
        this.directory = directory;
        this.recording = directory.resolve("body-native.jfr");
    }

    /** Starts recording, or says why it cannot: the reason goes into the check's report. */
    static Started start(boolean readAllocator) {
        AsyncProfiler profiler;
        try {
            profiler = AsyncProfiler.getInstance();
        } catch (NoClassDefFoundError e) {
            return new Started(null, "async-profiler (tools.profiler:async-profiler) is not on the class path");
        } catch (Throwable e) { // UnsatisfiedLinkError on Windows, or where its library cannot load
            return new Started(null, "async-profiler cannot load on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"));
        }
        Path directory = null;
        try {
            directory = TempDirs.create("leak-check");
            BodyNativeRecording started = new BodyNativeRecording(profiler, directory, readAllocator);
            profiler.execute("start,nativemem,file=" + started.recording);
            return new Started(started, null);
        } catch (IOException | RuntimeException e) {
            TempDirs.deleteTree(directory);
            // "Profiler already started": another check, in parallel, or the caller's own profiling
            return new Started(null, "async-profiler did not start (" + e.getMessage() + ")");
        }
    }

    /** A recording that started, or the reason there is none. */
    record Started(BodyNativeRecording recording, String unavailable) {
    }

    /**
     * Marks a moment of the run on this thread: a block allocated and freed through a patched malloc.
     * Each run is marked three times: before the body, after it, and after the witnesses are read.
     * Only what is allocated between the first two counts (the check's own reading allocates too);
     * frees count whenever they come (a collection the reading ran lets the Cleaner free); the
     * third is the run's sample.
     */
    void mark() {
        FfmNative memory = FfmNative.get();
        long block = memory.malloc(MARKER_BYTES);
        markers.add(block);
        if (readAllocator && markers.size() % 3 == 0) {
            // while the marker is live: the hooks' count at its allocation is the allocator's now
            allocatorAtMarks.add(NativeProbe.allocatorInUseBytes());
        }
        memory.free(block);
    }

    /** Stops recording and reads what the body's thread left live at each mark; deletes the recording. */
    Series stop(int marks, Pattern allowed, List<StackBudget> budgets) {
        try {
            profiler.execute("stop");
            if (markers.size() != 3 * marks) {
                throw new IllegalStateException(markers.size() / 3 + " runs marked, not " + marks);
            }
            return read(recording, threadId, markers, allocatorAtMarks, allowed, budgets);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read async-profiler's recording: " + e.getMessage(), e);
        } finally {
            TempDirs.deleteTree(directory);
        }
    }

    /** Stops recording after a run that threw: the body's failure is the check's, not a series. */
    void abandon() {
        try {
            profiler.execute("stop");
        } catch (IOException | RuntimeException e) {
            // the body's own failure is what the caller reports
        } finally {
            TempDirs.deleteTree(directory);
        }
    }

    /**
     * Replays the recording in time order: each allocation on {@code threadId} is live until any
     * thread frees its address; at each marker, the live bytes and blocks are one sample. Every
     * thread's blocks are followed too, as glibc counts them, for what no hook saw ({@link Unhooked}).
     */
    static Series read(Path recording, long threadId, List<Long> markers, List<Long> allocatorAtMarks, Pattern allowed,
                       List<StackBudget> budgets) throws IOException {
        long pageSize = FfmNative.get().pageSize();
        int marks = markers.size() / 3;
        boolean inBody = false;
        List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(recording));
        events.sort(Comparator.comparing(RecordedEvent::getStartTime)); // each thread writes its own buffer
        Map<Long, Long> live = new HashMap<>(); // address -> size, the body thread's blocks only
        Map<Long, List<String>> stacks = new HashMap<>(); // address -> its allocation's frames
        long liveBytes = 0;
        Map<Long, Integer> budgetOf = new HashMap<>(); // address -> the budget its stack falls under
        long[] liveInBudget = new long[budgets.size()];
        Map<Long, Long> everyThreadLive = new HashMap<>(); // address -> glibc chunk size, every thread's
        long everyThreadBytes = 0;
        double[] unhooked = new double[marks];
        boolean[] blind = new boolean[marks];
        double[] bytes = new double[marks];
        double[] blocks = new double[marks];
        int mark = 0;
        for (RecordedEvent event : events) {
            String type = event.getEventType().getName();
            if (type.equals(FREE)) {
                Long chunk = everyThreadLive.remove(event.getLong("address"));
                everyThreadBytes -= chunk == null ? 0 : chunk;
                if (chunk == null && mark < markers.size()) {
                    blind[mark / 3] = true; // a block from before the recording: its size is unknown
                }
                Long size = live.remove(event.getLong("address"));
                stacks.remove(event.getLong("address"));
                liveBytes -= size == null ? 0 : size;
                Integer budget = budgetOf.remove(event.getLong("address"));
                if (budget != null) {
                    liveInBudget[budget] -= size;
                }
            } else if (type.equals(MALLOC)) {
                long chunk = chunkBytes(event.getLong("size"), event.getLong("address"), pageSize);
                Long replaced = everyThreadLive.put(event.getLong("address"), chunk);
                everyThreadBytes += chunk - (replaced == null ? 0 : replaced);
            }
            if (type.equals(MALLOC) && event.getThread() != null
                    && event.getThread().getJavaThreadId() == threadId) {
                if (mark < markers.size() && isMarker(event, markers.get(mark))) {
                    inBody = mark % 3 == 0; // begin: the body's allocations count until its end mark
                    if (mark % 3 == 2) {
                        bytes[mark / 3] = liveBytes - StackBudget.covered(budgets, liveInBudget);
                        blocks[mark / 3] = live.size();
                        if (!allocatorAtMarks.isEmpty()) {
                            unhooked[mark / 3] = allocatorAtMarks.get(mark / 3) - everyThreadBytes;
                        }
                    }
                    mark++;
                } else if (inBody) {
                    List<String> frames = counted(event.getStackTrace(), allowed);
                    if (frames != null) {
                        long size = event.getLong("size");
                        Long replaced = live.put(event.getLong("address"), size);
                        stacks.put(event.getLong("address"), frames);
                        liveBytes += size - (replaced == null ? 0 : replaced);
                        Integer before = budgetOf.remove(event.getLong("address"));
                        if (before != null) { // a block freed by a path no hook saw, its address reused
                            liveInBudget[before] -= replaced;
                        }
                        int budget = StackBudget.indexOf(budgets, frames);
                        if (budget >= 0) {
                            budgetOf.put(event.getLong("address"), budget);
                            liveInBudget[budget] += size;
                        }
                    }
                }
            }
        }
        if (mark != markers.size()) {
            throw new IllegalStateException("the recording has " + mark + " marks, not " + markers.size());
        }
        Map<List<String>, long[]> bySite = new LinkedHashMap<>();
        live.forEach((address, size) -> {
            long[] totals = bySite.computeIfAbsent(stacks.get(address), k -> new long[2]);
            totals[0] += size;
            totals[1]++;
        });
        for (int k = marks - 1; k >= 0; k--) {
            unhooked[k] -= unhooked[0]; // from the first sample: before it, the process's whole life
        }
        return new Series(bytes, blocks, allocatorAtMarks.isEmpty() ? null : new Unhooked(unhooked, blind),
                NativeLeakAttribution.Site.of(bySite));
    }

    /**
     * The bytes glibc's mallinfo2 counts for a block: its chunk, 8 B of header and 16 B aligned, 32 B
     * at least; a block mapped on its own (16 B past a page boundary, a page or more) a whole number
     * of pages.
     */
    static long chunkBytes(long requested, long address, long pageSize) {
        long chunk = Math.max(32, (requested + 8 + 15) & ~15L);
        boolean mapped = requested >= pageSize && (address & (pageSize - 1)) == 16;
        return mapped ? (chunk + 8 + pageSize - 1) & -pageSize : chunk;
    }

    /** The next mark: the marker's size, memlab's header added, at the address memlab returned less that header. */
    private static boolean isMarker(RecordedEvent malloc, long marker) {
        long size = malloc.getLong("size");
        long address = malloc.getLong("address");
        return size >= MARKER_BYTES && size <= MARKER_BYTES + MARKER_HEADER_AT_MOST
                && address <= marker && marker - address <= MARKER_HEADER_AT_MOST;
    }

    /**
     * An allocation's frames if it counts, null if not: not the profiler's own (made on the thread that starts it), not
     * the JVM's own bookkeeping ({@link #JVM_OWN}), and not on a stack the caller allowed
     * ({@code allowed}, matched against the frames as {@link NativeLeakAttribution#frames} writes them,
     * {@code "deflateInit2_ <- Java_java_util_zip_Deflater_init <- java.util.zip.Deflater.init <- ..."};
     * null: none).
     */
    private static List<String> counted(RecordedStackTrace stack, Pattern allowed) {
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                if (frame.getMethod().getType().getName().startsWith("one.profiler.")
                        || JVM_OWN.matcher(frame.getMethod().getName()).find()) {
                    return null;
                }
            }
        }
        List<String> frames = NativeLeakAttribution.frames(stack); // as the attribution prints them
        return allowed == null || !allowed.matcher(String.join(" <- ", frames)).find() ? frames : null;
    }}
