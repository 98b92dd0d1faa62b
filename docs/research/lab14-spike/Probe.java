import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;
import java.util.regex.*;
import javax.management.ObjectName;

/** Witnesses for the lab-14 spike: RSS, glibc mallinfo2, NMT (in-process), heap after GC, GC counts. */
final class Probe {
    // struct mallinfo2 { size_t arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost; }
    static final StructLayout MALLINFO2 = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("arena"), ValueLayout.JAVA_LONG.withName("ordblks"),
            ValueLayout.JAVA_LONG.withName("smblks"), ValueLayout.JAVA_LONG.withName("hblks"),
            ValueLayout.JAVA_LONG.withName("hblkhd"), ValueLayout.JAVA_LONG.withName("usmblks"),
            ValueLayout.JAVA_LONG.withName("fsmblks"), ValueLayout.JAVA_LONG.withName("uordblks"),
            ValueLayout.JAVA_LONG.withName("fordblks"), ValueLayout.JAVA_LONG.withName("keepcost"));
    static final MethodHandle MALLINFO2_MH = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("mallinfo2").orElseThrow(),
            FunctionDescriptor.of(MALLINFO2));

    static final MethodHandle MALLOC_TRIM = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("malloc_trim").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    /** glibc malloc_trim(0): gives free heap pages back to the OS (madvise in every arena). */
    static int mallocTrim() { try { return (int) MALLOC_TRIM.invokeExact(0L); } catch (Throwable t) { throw new RuntimeException(t); } }

    /** glibc in-use bytes: uordblks (heap arenas) + hblkhd (mmapped chunks, >= 128 KiB by default). */
    static long[] mallinfo2() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = (MemorySegment) MALLINFO2_MH.invokeExact((SegmentAllocator) a);
            long[] r = new long[10];
            for (int i = 0; i < 10; i++) r[i] = s.getAtIndex(ValueLayout.JAVA_LONG, i);
            return r;
        } catch (Throwable t) { throw new RuntimeException(t); }
    }
    static long uordblks() { return mallinfo2()[7]; }
    static long hblkhd() { return mallinfo2()[4]; }

    static long statusKb(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status")))
                if (l.startsWith(key + ":")) return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
        } catch (Exception e) { throw new RuntimeException(e); }
        return -1;
    }
    static long rss() { return statusKb("VmRSS"); }

    static boolean nmtOn() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking=") && !a.endsWith("off"));
    }
    /** In-process jcmd VM.native_memory: args e.g. "summary", "baseline", "summary.diff". */
    static String nmt(String... args) {
        try {
            return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {args}, new String[] {String[].class.getName()}));
        } catch (Exception e) { throw new RuntimeException(e); }
    }
    static final Pattern CAT = Pattern.compile("-\\s+(\\S[^(]*?)\\s+\\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    static final Pattern MALLOC = Pattern.compile("\\(malloc=(\\d+)KB(?: tag=[^#]*)? #(\\d+)");
    static final Pattern STACK = Pattern.compile("\\(stack: reserved=(\\d+)KB, committed=(\\d+)KB");
    static final Pattern THREADS = Pattern.compile("\\((?:threads?|classes) #(\\d+)\\)");
    /** category -> {reserved, committed, malloc, mallocCount} in bytes; Thread also "Thread.stack" and "Thread.count". */
    static Map<String, long[]> nmtSummary() {
        Map<String, long[]> m = new LinkedHashMap<>();
        if (!nmtOn()) return m;
        String s = nmt("summary", "scale=KB");
        String[] parts = s.split("\n(?=-\\s)");
        for (String p : parts) {
            Matcher c = CAT.matcher(p);
            if (!c.find()) continue;
            long[] v = {Long.parseLong(c.group(2)) << 10, Long.parseLong(c.group(3)) << 10, 0, 0};
            Matcher ml = MALLOC.matcher(p);
            if (ml.find()) { v[2] = Long.parseLong(ml.group(1)) << 10; v[3] = Long.parseLong(ml.group(2)); }
            m.put(c.group(1), v);
            Matcher st = STACK.matcher(p);
            if (st.find()) m.put(c.group(1) + ".stack", new long[] {Long.parseLong(st.group(1)) << 10, Long.parseLong(st.group(2)) << 10, 0, 0});
            Matcher th = THREADS.matcher(p);
            if (th.find()) m.put(c.group(1) + ".count", new long[] {Long.parseLong(th.group(1)), 0, 0, 0});
        }
        return m;
    }

    static long heapUsed() { return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(); }
    static long heapAfterGc() { System.gc(); System.gc(); return heapUsed(); }
    static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, b.getCollectionCount());
        return n;
    }
    static String gcNames() {
        StringBuilder sb = new StringBuilder();
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) sb.append(b.getName()).append('=').append(b.getCollectionCount()).append(' ');
        return sb.toString().trim();
    }

    record Snap(String label, long rss, long uord, long hblkhd, long heap, long gcs, Map<String, long[]> nmt, long nanos) {}
    static Snap snap(String label, boolean gcFirst) {
        long heap = gcFirst ? heapAfterGc() : heapUsed();
        return new Snap(label, rss(), uordblks(), hblkhd(), heap, gcCount(), nmtSummary(), System.nanoTime());
    }
    static String kib(long b) { return String.format("%,.1f KiB", b / 1024.0); }
    static String mib(long b) { return String.format("%,.2f MiB", b / 1048576.0); }

    /** Prints the deltas from a to b, total and per item. */
    static void diff(Snap a, Snap b, long n) {
        System.out.printf("== %s -> %s (n=%d, %.0f ms)%n", a.label, b.label, n, (b.nanos - a.nanos) / 1e6);
        row("RSS", b.rss - a.rss, n);
        row("malloc uordblks", b.uord - a.uord, n);
        row("malloc hblkhd", b.hblkhd - a.hblkhd, n);
        row("heap used" , b.heap - a.heap, n);
        System.out.printf("  %-28s %d%n", "GCs between", b.gcs - a.gcs);
        for (var e : b.nmt.entrySet()) {
            long[] o = a.nmt.getOrDefault(e.getKey(), new long[4]);
            long[] v = e.getValue();
            if (e.getKey().endsWith(".count")) {
                if (v[0] != o[0]) System.out.printf("  NMT %-24s %+d%n", e.getKey(), v[0] - o[0]);
                continue;
            }
            long dr = v[0] - o[0], dc = v[1] - o[1], dm = v[2] - o[2];
            if (Math.abs(dr) >= 64 << 10 || Math.abs(dc) >= 64 << 10 || Math.abs(dm) >= 64 << 10)
                System.out.printf("  NMT %-24s reserved %+,.1f KiB  committed %+,.1f KiB  malloc %+,.1f KiB (#%+d)  | per item committed %,.0f B%n",
                        e.getKey(), dr / 1024.0, dc / 1024.0, dm / 1024.0, v[3] - o[3], (double) dc / Math.max(1, n));
        }
    }
    static void row(String name, long d, long n) {
        System.out.printf("  %-28s %+,15d B  (%s)  per item %,12.0f B%n", name, d, mib(d), (double) d / Math.max(1, n));
    }
}
