package memlab.labs.layout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;


import memlab.lab.Budget;
import memlab.lab.ChildTask;
import memlab.lab.Column;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Metric;
import memlab.lab.Params;
import memlab.lab.Readings;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.measure.ObjectSizes;
import memlab.measure.ProcessMaps;
import memlab.measure.ProcessMaps.Mapping;
import memlab.nativelib.NativeLib;
import memlab.nativelib.OsSupport;

/**
 * Lab 03 — layout (seed 001, Task 1: memory_layout.py).
 *
 * <p>The seed printed Python's {@code id()} of a global, a local and a list: three heap addresses,
 * since every Python object lives on the heap. Real memory has more places, and each has an
 * address: the library's code (text), its initialized and zeroed globals (data, bss), small and
 * large malloc blocks, the stacks of two threads, an anonymous mapping; and on the JVM side, an
 * object on the Java heap, a direct buffer and an arena segment.
 *
 * <p>Each address is named in advance by the region it should fall in ({@link #claim}), then checked
 * against the process's own memory map ({@code /proc/self/maps} on Linux). What the textbook picture
 * leaves out shows up here: the JVM runs {@code main} on a thread of its own, so its stack is an
 * anonymous mapping with a guard page below, not {@code [stack]}; glibc serves malloc on such threads
 * from an mmap'd arena, not {@code [heap]}; and a 4 MiB block gets a mapping of its own.
 *
 * <p>Each side captures in a child JVM of its own, which returns one row per address, named by the
 * child ({@code ffm_text}, {@code heap_direct_buffer}); addresses are sorted high to low within each
 * process, because addresses from two processes are not comparable.
 */
public final class Lab03_Layout implements Lab {

    static final LabInfo INFO = LabInfo.lab(3, "layout")
            .title("Layout: where code, globals, heap, stacks and mappings really are")
            .seed("001 Task 1 (memory_layout.py)", "Python id() of a global, a local and a list (all heap objects),"
                    + " and a textbook picture: text, data, bss, heap growing up, stack growing down from high"
                    + " addresses.")
            .question("Where in a process's address space do code, globals, malloc'd blocks, thread stacks and"
                    + " Java objects actually live?")
            .lesson("""
                    A process's memory is a set of mappings: the code and globals of each library, malloc's heap,
                    one stack per thread with a guard page below it, anonymous mappings for large blocks, and
                    on the JVM a Java heap reserved at start. Every address here is named by the region it
                    falls in and checked against the process's own map.""")
            .count("captures", "captures", 1)
            .defaults(1, 1)
            .quick(1, 1)
            .build();

    static final Metric VIRTUAL_ADDRESS = Metric.number("virtual_address");

    @Override
    public LabInfo info() {
        return INFO;
    }

    /** One capture per side, whatever the params: nothing to report. */
    @Override
    public Map<String, Object> describe(Params params) {
        return Map.of();
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        return Budget.Plan.of(8L << 20, 1L << 20);
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(VIRTUAL_ADDRESS, "address"));
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = new ArrayList<>();
        for (Side side : context.sidesInOrder()) {
            List<Row> captured = context.children().runRows(new VariantArgs(new Variant(side, "process"), 1, 1),
                    List.of(), Task.class);
            // high to low, as the seed's picture: within one process only
            rows.addAll(captured.stream().sorted(Comparator.comparing(
                    (Row r) -> r.has(VIRTUAL_ADDRESS) ? r.longMetric(VIRTUAL_ADDRESS) : 0L, Long::compareUnsigned)
                    .reversed()).toList());
        }
        return result(context, reading(rows), rows);
    }

    /**
     * How many addresses the process's own map confirms, and what the textbook picture leaves out:
     * "19 of 19 addresses lie in the region the lab named, ...; the calling thread's stack and small
     * mallocs are anonymous mappings, not [stack] and [heap]".
     */
    private static String reading(List<Row> rows) {
        long addresses = rows.stream().filter(r -> r.has(VIRTUAL_ADDRESS)).count();
        List<String> wrong = rows.stream().filter(r -> r.has(VIRTUAL_ADDRESS))
                .filter(r -> !"yes".equals(r.labels().get("verified"))).map(Row::name).toList();
        List<String> clauses = new ArrayList<>();
        if (rows.stream().anyMatch(r -> r.labels().getOrDefault("verified", "").startsWith("unsupported"))) {
            clauses.add(addresses + " addresses captured; this OS publishes no memory map to check them against");
        } else if (addresses > 0) {
            clauses.add((addresses - wrong.size()) + " of " + addresses + " addresses lie in the region the lab named,"
                    + " checked against /proc/self/maps" + (wrong.isEmpty() || wrong.size() > 3 ? ""
                    : " (not " + String.join(", ", wrong) + ")"));
            boolean stack = anonymous(rows, "stack");
            boolean heap = anonymous(rows, "heap_small");
            if (stack || heap) {
                clauses.add(stack && heap ? "the calling thread's stack and small mallocs are anonymous mappings,"
                        + " not [stack] and [heap]" : stack ? "the calling thread's stack is an anonymous mapping,"
                        + " not [stack]" : "small mallocs come from an anonymous mapping, not [heap]");
            }
        }
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }

    /** Whether every verified address of this kind, on any side, is in an anonymous mapping. */
    private static boolean anonymous(List<Row> rows, String kind) {
        List<String> regions = rows.stream().filter(r -> r.variant().kind().equals(kind))
                .filter(r -> "yes".equals(r.labels().get("verified"))).map(r -> r.labels().getOrDefault("region", ""))
                .toList();
        return !regions.isEmpty() && regions.stream().allMatch(region -> region.startsWith("anonymous"));
    }

    /** What a region must look like in the map for an address to be where the lab says. */
    record Claim(String expected, BiPredicate<Mapping, List<Mapping>> holds) {
    }

    static Claim claim(String item, String libraryPath) {
        BiPredicate<Mapping, List<Mapping>> library = (m, all) -> m.path().equals(libraryPath);
        BiPredicate<Mapping, List<Mapping>> mallocd = (m, all) -> m.readWrite()
                && (m.anonymous() || m.path().equals("[heap]"));
        BiPredicate<Mapping, List<Mapping>> stack = (m, all) -> m.readWrite()
                && (m.anonymous() || m.path().equals("[stack]"))
                && ProcessMaps.below(all, m).map(Mapping::inaccessible).orElse(false);
        return switch (item) {
            case "text" -> new Claim("code of the memlab library", library.and((m, all) -> m.executable()));
            case "data" -> new Claim("initialized data of the memlab library", library.and((m, all) -> m.readWrite()));
            case "bss" -> new Claim("zeroed data (bss) of the memlab library, or the anonymous pages after it",
                    (m, all) -> m.readWrite() && (library.test(m, all) || m.anonymous()
                            && ProcessMaps.below(all, m).map(b -> library.test(b, all)).orElse(false)));
            case "heap_small" -> new Claim("malloc's heap: [heap] on the process's first thread, an mmap'd arena"
                    + " on any other", mallocd);
            case "heap_large" -> new Claim("an anonymous mapping of its own (above malloc's mmap threshold)",
                    (m, all) -> m.anonymous() && m.readWrite());
            case "stack" -> new Claim("this thread's stack: read-write, a guard page below", stack);
            case "thread_stack" -> new Claim("another thread's stack: read-write, a guard page below", stack);
            case "mmap_anon" -> new Claim("an anonymous mapping", (m, all) -> m.anonymous() && m.readWrite());
            case "java_heap_object" -> new Claim("the Java heap: anonymous memory the JVM reserved at start",
                    (m, all) -> m.anonymous() && m.readWrite());
            case "direct_buffer", "arena_segment" -> new Claim("malloc'd by the JVM: [heap] or an mmap'd arena",
                    mallocd);
            default -> throw new IllegalArgumentException(item);
        };
    }

    /** Captures one process's addresses and checks each against its map: one row per address. */
    public static final class Task implements ChildTask {

        @Override
        public Row run(VariantArgs args) {
            throw new UnsupportedOperationException("a layout capture returns several rows: use runRows");
        }

        @Override
        public List<Row> runRows(VariantArgs args) throws IOException {
            Side side = args.side();
            Map<String, Long> addresses = new LinkedHashMap<>();
            Map<String, Side> sides = new LinkedHashMap<>();
            List<Object> keepAlive = new ArrayList<>();
            LayoutNative layout = side == Side.HEAP ? null : LayoutNative.of(side.binding());
            try (Arena arena = Arena.ofConfined()) {
                if (layout != null) {
                    layout.layoutCapture().forEach((item, address) -> {
                        addresses.put(item, address);
                        sides.put(item, side);
                    });
                }
                if (side == Side.FFM) {
                    MemorySegment segment = arena.allocate(4096);
                    addresses.put("arena_segment", segment.address());
                    sides.put("arena_segment", Side.FFM);
                }
                if (side == Side.HEAP) {
                    Object object = new Object();
                    ByteBuffer direct = ByteBuffer.allocateDirect(4096);
                    keepAlive.add(object);
                    keepAlive.add(direct);
                    addresses.put("java_heap_object", ObjectSizes.vm().addressOf(object));
                    addresses.put("direct_buffer", MemorySegment.ofBuffer(direct).address());
                    sides.put("java_heap_object", Side.HEAP);
                    sides.put("direct_buffer", Side.HEAP);
                }
                // read the map while everything is still alive
                Optional<List<Mapping>> maps = ProcessMaps.read();
                String libraryPath = NativeLib.path().toRealPath().toString();
                long pid = ProcessHandle.current().pid();
                List<Row> rows = new ArrayList<>();
                for (Map.Entry<String, Long> entry : addresses.entrySet()) {
                    String item = entry.getKey();
                    long address = entry.getValue();
                    Claim claim = claim(item, libraryPath);
                    Row row = new Row(new Variant(sides.get(item), item)) // named by the child: "ffm_text"
                            .metric(VIRTUAL_ADDRESS, address)
                            .label("process", side.id() + " child, pid " + pid)
                            .label("expected", claim.expected());
                    if (maps.isEmpty()) {
                        row.label("region", "unknown").label("verified", OsSupport.MEMORY_MAP.unsupportedHere());
                    } else {
                        Optional<Mapping> mapping = ProcessMaps.find(maps.get(), address);
                        row.label("region", mapping.map(Mapping::describe).orElse("no mapping"))
                                .label("verified", mapping.map(m -> claim.holds().test(m, maps.get())).orElse(false)
                                        ? "yes" : "NO");
                    }
                    rows.add(row);
                }
                return rows;
            } finally {
                if (layout != null) {
                    layout.layoutRelease();
                }
                Reference.reachabilityFence(keepAlive);
            }
        }
    }
}
