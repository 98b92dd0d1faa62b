package memlab.measure;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import memlab.nativelib.Platform;

/**
 * Watches the kernel serve a few fresh pages, so that a lesson can say what this machine does
 * instead of what a kernel usually does. It maps a small anonymous region straight from libc
 * through FFM (not through memlab's C library, whose labs it checks), reads or writes one byte
 * of every page, and counts what that cost:
 *
 * <ul>
 *   <li>the minor faults of this thread alone ({@code getrusage(RUSAGE_THREAD)}), so the JVM's
 *       other threads do not blur the count;</li>
 *   <li>the region's resident bytes and the part of them in transparent huge pages, from its own
 *       entry in {@code /proc/self/smaps}. The region is fenced by inaccessible guard pages, so the
 *       kernel cannot merge it with a neighbouring mapping and the entry is the region's alone.
 *       smaps leaves out pages that only map the shared zero page, as RSS does.</li>
 * </ul>
 *
 * Linux only: elsewhere {@link #run} is empty.
 */
public final class PageProbe {

    /** What the region is told before it is touched: nothing (as malloc's memory is), or madvise(2) advice. */
    public enum Advice {
        NONE(0), NO_HUGE_PAGES(15 /* MADV_NOHUGEPAGE */), HUGE_PAGES(14 /* MADV_HUGEPAGE */);

        final int madvise;

        Advice(int madvise) {
            this.madvise = madvise;
        }
    }

    /** A first read or a first write of each page. */
    public enum Access { READ, WRITE }

    /**
     * One probe: {@code pages} touched once each, the faults that took on this thread, and what of
     * the region was resident afterwards (all of it, and the part in huge pages).
     */
    public record Touch(Advice advice, Access access, long pages, long faults, long residentBytes, long hugeBytes) {

        public long bytes(long pageSize) {
            return pages * pageSize;
        }
    }

    /** The size of a probe: 4 MiB, two 2 MiB huge pages where the region is aligned to them. */
    public static final long BYTES = 4L << 20;

    private static final int PROT_NONE = 0;
    private static final int PROT_READ_WRITE = 1 | 2;
    private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final int RUSAGE_THREAD = 1;
    /** struct rusage on 64-bit Linux: two struct timeval (16 B each), then longs; ru_minflt is the fifth. */
    private static final long RU_MINFLT = 32 + 4 * 8;
    private static final long RUSAGE_BYTES = 144;

    private PageProbe() {
    }

    /** Touches {@link #BYTES} of a fresh mapping with this advice; empty where this OS has no such probe. */
    public static Optional<Touch> run(Advice advice, Access access, long pageSize, long hugePageSize) {
        if (!Platform.current().linux()) {
            return Optional.empty();
        }
        return Libc.INSTANCE.map(libc -> {
            warmUp(libc, pageSize, hugePageSize);
            return libc.touch(advice, access, BYTES, pageSize, hugePageSize);
        });
    }

    private static boolean warm;

    /**
     * The first probes in a process fault on more than their region: the class loading, linking and
     * first runs of the code that touches it added about 100 faults to 1,024 here. One small probe of
     * each kind first, not counted.
     */
    private static synchronized void warmUp(Libc libc, long pageSize, long hugePageSize) {
        if (!warm) {
            for (Access access : Access.values()) {
                libc.touch(Advice.NO_HUGE_PAGES, access, 64 * pageSize, pageSize, hugePageSize);
            }
            warm = true;
        }
    }

    /** The few libc calls a probe makes, linked once; empty if any is missing (a libc without them). */
    private record Libc(MethodHandle mmap, MethodHandle mprotect, MethodHandle madvise, MethodHandle munmap,
                        MethodHandle getrusage) {

        static final Optional<Libc> INSTANCE = link();

        private static Optional<Libc> link() {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            List<String> names = List.of("mmap", "mprotect", "madvise", "munmap", "getrusage");
            if (!names.stream().allMatch(name -> libc.find(name).isPresent())) {
                return Optional.empty();
            }
            FunctionDescriptor range = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
            return Optional.of(new Libc(
                    linker.downcallHandle(libc.find("mmap").orElseThrow(),
                            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG)),
                    linker.downcallHandle(libc.find("mprotect").orElseThrow(), range),
                    linker.downcallHandle(libc.find("madvise").orElseThrow(), range),
                    linker.downcallHandle(libc.find("munmap").orElseThrow(),
                            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG)),
                    linker.downcallHandle(libc.find("getrusage").orElseThrow(),
                            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS))));
        }

        Touch touch(Advice advice, Access access, long bytes, long pageSize, long hugePageSize) {
            // guard page, room to align the region to a huge page, the region, guard page
            long total = bytes + hugePageSize + 2 * pageSize;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment usage = arena.allocate(RUSAGE_BYTES, 8);
                MemorySegment base = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, total, PROT_NONE,
                        MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0L);
                if (base.address() == -1L) {
                    throw new IllegalStateException("mmap of " + total + " bytes for the page probe failed");
                }
                try {
                    long start = (base.address() + pageSize + hugePageSize - 1) / hugePageSize * hugePageSize;
                    MemorySegment region = MemorySegment.ofAddress(start).reinterpret(bytes);
                    if ((int) mprotect.invokeExact(region, bytes, PROT_READ_WRITE) != 0) {
                        throw new IllegalStateException("mprotect of the page probe's region failed");
                    }
                    if (advice != Advice.NONE && (int) madvise.invokeExact(region, bytes, advice.madvise) != 0) {
                        throw new IllegalStateException("madvise(" + advice + ") of the page probe's region failed");
                    }
                    long faultsBefore = minorFaults(usage);
                    long sum = 0;
                    for (long offset = 0; offset < bytes; offset += pageSize) {
                        if (access == Access.READ) {
                            sum += region.get(JAVA_BYTE, offset);
                        } else {
                            region.set(JAVA_BYTE, offset, (byte) 1);
                        }
                    }
                    long faults = minorFaults(usage) - faultsBefore;
                    if (sum != 0) {
                        throw new IllegalStateException("a never-written page read as " + sum + ", not zero");
                    }
                    long[] smaps = smaps(start);
                    return new Touch(advice, access, bytes / pageSize, faults, smaps[0], smaps[1]);
                } finally {
                    int unmapped = (int) munmap.invokeExact(base, total); // cannot fail for a mapping of our own
                    assert unmapped == 0 : "munmap of the page probe's mapping failed";
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("page probe failed", t);
            }
        }

        private long minorFaults(MemorySegment usage) throws Throwable {
            if ((int) getrusage.invokeExact(RUSAGE_THREAD, usage) != 0) {
                throw new IllegalStateException("getrusage(RUSAGE_THREAD) failed");
            }
            return usage.get(JAVA_LONG, RU_MINFLT);
        }
    }

    /** The Rss and AnonHugePages, in bytes, of the mapping that starts at {@code start}. */
    private static long[] smaps(long start) {
        String header = Long.toHexString(start) + "-";
        long[] found = {-1, -1};
        try {
            boolean inside = false;
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                String first = line.split(" ", 2)[0];
                if (first.indexOf('-') > 0 && !first.endsWith(":")) { // "7f1a...-7f1b... rw-p ...": a mapping
                    if (inside) {
                        break; // the next mapping's header
                    }
                    inside = line.startsWith(header);
                } else if (inside && line.startsWith("Rss:")) {
                    found[0] = kilobytes(line);
                } else if (inside && line.startsWith("AnonHugePages:")) {
                    found[1] = kilobytes(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/smaps: " + e.getMessage(), e);
        }
        if (found[0] < 0) {
            throw new IllegalStateException("the page probe's region at 0x" + Long.toHexString(start)
                    + " is not in /proc/self/smaps");
        }
        found[1] = Math.max(0, found[1]);
        return found;
    }

    /** "Rss:   4096 kB" -> 4194304. */
    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
}
