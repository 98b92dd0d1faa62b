package memlab.labs.cycles;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import memlab.lab.Budget;
import memlab.lab.ChildTask;
import memlab.lab.Column;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabInfo;
import memlab.lab.LabResult;
import memlab.lab.Metric;
import memlab.lab.Metrics;
import memlab.lab.Params;
import memlab.lab.Readings;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Variant;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.nativelib.AllocStats;
import memlab.nativelib.NativeMemory;
import memlab.util.Sizes;

/**
 * Lab 02 — cycles (seed 000, Lab 1.2: circular references and {@code gc.disable()}).
 *
 * <p>The seed linked 1,000,000 objects in a ring, disabled Python's collector and deleted the list:
 * reference counting alone kept every object (122 MB, 1,000,000 leaked), because in a cycle each
 * object is still referenced by its neighbour. {@code gc.collect()} found the cycle and freed it.
 *
 * <ul>
 *   <li>{@code heap_ring_g1}: the JVM never counts references. Its collector traces from the roots,
 *       and a ring nobody can reach is garbage like any other: one collection frees it all.</li>
 *   <li>{@code heap_ring_epsilon}: the same ring under Epsilon, a JVM "collector" that never
 *       collects (the JVM's {@code gc.disable()}): the memory is never reclaimed.</li>
 *   <li>{@code ffm/jnr_strong_ring}: C nodes counted the way CPython counts ({@code memlab_rc_*}).
 *       After the last outside reference is released, every node is still live: no collector will
 *       ever come.</li>
 *   <li>{@code _weak_back_link} and {@code _break_cycle}: the two fixes reference counting has,
 *       an uncounted link back to the first node, or unlinking the ring before letting go. Both end
 *       with 0 live nodes.</li>
 * </ul>
 *
 * <p>Counting survivors: a ring survives or dies whole (every node is reachable from every
 * other), so one weak reference to the first node says whether it survived, and walking the ring
 * from it counts the survivors. In C, the tracked allocator counts live blocks exactly.
 */
public final class Lab02_Cycles implements Lab {

    static final LabInfo INFO = LabInfo.lab(2, "cycles")
            .title("Cycles: a tracing GC collects them, reference counting cannot")
            .seed("000 Lab 1.2 (circular references, gc.disable())", "1,000,000 objects in a ring, gc disabled,"
                    + " list deleted: current 122.07 MB, peak 130.12 MB, 1,000,000 leaked; after gc.collect():"
                    + " 0.00 MB, 0 leaked.")
            .question("When nothing outside points to a ring of objects any more, who frees it: reference"
                    + " counting, a tracing collector, or no one?")
            .lesson("""
                    Reference counting frees an object when nothing points to it, so a cycle keeps itself alive:
                    C nodes in a ring stay allocated after the last outside reference is gone, until a link is
                    made uncounted or the ring is broken. The JVM traces from its roots instead: an unreachable
                    ring is ordinary garbage, freed by the next collection, unless the collector never runs
                    (Epsilon, the JVM's gc.disable()).""")
            .count("nodes", "nodes", 10_000_000)
            .size("payload_bytes", "payload bytes per node")
            .defaults(64, 1_000_000)
            .quick(64, 100_000)
            .build();

    static final Metric NODES = Metric.count("nodes_count");
    static final Metric BEFORE_COLLECTION = Metric.bytes("before_collection_bytes");
    static final Metric LEAKED_OBJECTS = Metric.count("leaked_objects_count");
    static final Metric AFTER_COLLECTION = Metric.bytes("after_collection_bytes");
    static final Metric AFTER_COLLECTION_OBJECTS = Metric.count("after_collection_objects_count");
    static final Metric COLLECTIONS = Metric.count("collections_count");
    static final Metric FIRST_NODE_REFERENCES = Metric.count("first_node_references_count");

    @Override
    public LabInfo info() {
        return INFO;
    }

    /** A node, its payload array and their headers: at most this many bytes each, with room to spare. */
    private static long perNodeBound(Params params) {
        return params.sizeBytes() + 64;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long all = Budget.times(params.count(), perNodeBound(params));
        return Budget.Plan.of(all, all).sideBySide();
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Bars("before-collection",
                        "Held once the root is dropped: reference counting frees only a broken cycle",
                        BEFORE_COLLECTION).leaks("strong_ring"),
                new LabResult.Bars("after-collection",
                        "After a collection: a tracing GC frees the ring, reference counting never does",
                        AFTER_COLLECTION).leaks("strong_ring"));
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "ring_g1", "ring_epsilon");
            case FFM, JNR -> Variant.of(side, "strong_ring", "weak_back_link", "break_cycle");
        };
    }

    /** Epsilon never frees, so its heap must hold everything the run allocates. */
    static List<String> epsilonFlags(Params params) {
        long heap = Math.max(256L << 20, Budget.times(Budget.times(params.count(), perNodeBound(params)), 3));
        return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xmx" + (heap >> 20) + "m");
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(Metrics.HELD, "held"),
                Column.of(AFTER_COLLECTION, "after GC"),
                Column.of(LEAKED_OBJECTS, "leaked objects"),
                Column.of(FIRST_NODE_REFERENCES, "refs to first"));
    }

    @Override
    public LabResult run(LabContext context) {
        // each child reports bytes, counts and outcomes of its own process, no time: one child per core
        List<Row> rows = context.runSideBySide("lab 02 cycles", Lab02_Cycles::variants,
                variant -> variant.kind().equals("ring_epsilon") ? epsilonFlags(context.params()) : List.of(),
                Task.class);
        return result(context, reading(rows), rows);
    }

    /**
     * Who freed the unreachable ring: "G1 leaves 0 of 100,000 ring nodes after a collection, Epsilon,
     * which never collects, 100,000 (9.8 MiB); reference-counted C rings keep ...".
     */
    private static String reading(List<Row> rows) {
        List<String> heap = new ArrayList<>();
        Readings.finished(rows, Side.HEAP, "ring_g1").ifPresent(row -> heap.add(String.format(
                "G1 leaves %,d of %,d ring nodes after a collection", row.longMetric(AFTER_COLLECTION_OBJECTS),
                row.longMetric(NODES))));
        Readings.finished(rows, Side.HEAP, "ring_epsilon").ifPresent(row -> heap.add(heap.isEmpty()
                ? String.format("Epsilon, which never collects, leaves %,d of %,d ring nodes (%s)",
                        row.longMetric(AFTER_COLLECTION_OBJECTS), row.longMetric(NODES),
                        Sizes.format(row.longMetric(AFTER_COLLECTION)))
                : String.format("Epsilon, which never collects, %,d (%s)", row.longMetric(AFTER_COLLECTION_OBJECTS),
                        Sizes.format(row.longMetric(AFTER_COLLECTION)))));
        List<String> clauses = new ArrayList<>();
        clauses.add(String.join(", ", heap));
        Readings.natives(Readings.finished(rows, Side.FFM, "strong_ring"),
                Readings.finished(rows, Side.JNR, "strong_ring"), row -> String.format("%,d nodes (%s)", row.longMetric(AFTER_COLLECTION_OBJECTS),
                        Sizes.format(row.longMetric(AFTER_COLLECTION)))).ifPresent(kept -> clauses.add(
                "reference-counted C rings keep " + kept));
        // the fixes: one figure for both when they agree, which is what they are there to show
        List<Row> fixes = new ArrayList<>(Readings.allFinished(rows, "weak_back_link"));
        fixes.addAll(Readings.allFinished(rows, "break_cycle"));
        List<Long> left = fixes.stream().map(row -> row.longMetric(AFTER_COLLECTION_OBJECTS)).distinct().toList();
        if (left.size() == 1) {
            boolean bothFixes = fixes.stream().map(row -> row.variant().kind()).distinct().count() == 2;
            clauses.add(String.format("%s leaves %,d", bothFixes ? "a weak back link or breaking the ring"
                    : fixes.get(0).variant().kind().equals("break_cycle") ? "breaking the ring" : "a weak back link",
                    left.get(0)));
        } else if (!left.isEmpty()) {
            clauses.add("the fixes leave " + fixes.stream().map(row -> String.format("%,d (%s)",
                    row.longMetric(AFTER_COLLECTION_OBJECTS), row.name())).collect(Collectors.joining(", ")));
        }
        return Readings.sentence(clauses, Readings.unfinished(rows));
    }

    /** A heap node: a link and a payload, like the seed's Leak objects. */
    static final class Node {
        Node next;
        final byte[] payload;

        Node(int payloadBytes) {
            this.payload = new byte[payloadBytes];
        }
    }

    /** One variant in a child JVM of its own (count = nodes). */
    public static final class Task implements ChildTask {

        @Override
        public Row run(VariantArgs args) {
            Row row = new Row(args.variant()).metric(NODES, args.count());
            return args.side() == Side.HEAP ? heap(args, row) : nativeRing(args, row);
        }

        private static Row heap(VariantArgs args, Row row) {
            int nodes = args.countAsInt();
            long base = HeapProbe.settled().usedBytes();
            Node first = ring(nodes, Math.toIntExact(args.sizeBytes()));
            WeakReference<Node> watcher = new WeakReference<>(first);
            row.metric(Metrics.HELD, HeapProbe.settled().usedBytes() - base);

            first = null; // drop the root: the ring is reachable only from itself
            row.metric(BEFORE_COLLECTION, HeapProbe.now().usedBytes() - base)
                    .metric(LEAKED_OBJECTS, survivors(watcher));
            long gcBefore = HeapProbe.gcCount();
            long after = HeapProbe.settled().usedBytes() - base;
            return row.metric(AFTER_COLLECTION, after)
                    .metric(AFTER_COLLECTION_OBJECTS, survivors(watcher))
                    .metric(COLLECTIONS, HeapProbe.gcCount() - gcBefore);
        }

        private static Node ring(int nodes, int payloadBytes) {
            Node first = new Node(payloadBytes);
            Node last = first;
            for (int i = 1; i < nodes; i++) {
                last.next = new Node(payloadBytes);
                last = last.next;
            }
            last.next = first; // the cycle
            return first;
        }

        /** 0 if the first node was collected; otherwise the nodes reachable from it, counted. */
        private static long survivors(WeakReference<Node> watcher) {
            Node first = watcher.get();
            if (first == null) {
                return 0;
            }
            long count = 1;
            for (Node node = first.next; node != first; node = node.next) {
                count++;
            }
            return count;
        }

        private static Row nativeRing(VariantArgs args, Row row) {
            NativeMemory memory = args.side().memory();
            CyclesNative rc = CyclesNative.of(args.side().binding());
            String kind = args.kind();
            memory.resetPeak();
            AllocStats base = memory.allocStats();
            long first = rc.rcRing(args.count(), args.sizeBytes(),
                    kind.equals("weak_back_link") ? CyclesNative.RING_WEAK_BACK : CyclesNative.RING_STRONG);
            if (first == 0) {
                throw new OutOfMemoryError("memlab_rc_ring: malloc returned NULL");
            }
            row.metric(Metrics.HELD, memory.allocStats().minus(base).liveBytes())
                    .metric(FIRST_NODE_REFERENCES, rc.rcCount(first));
            if (kind.equals("break_cycle")) {
                rc.rcUnlink(first); // the fix: break the ring while we can still reach it
            }
            rc.rcRelease(first); // the last outside reference goes
            AllocStats released = memory.allocStats().minus(base);
            row.metric(BEFORE_COLLECTION, released.liveBytes())
                    .metric(LEAKED_OBJECTS, released.liveBlocks());
            HeapProbe.settled(); // a JVM collection: it cannot see, let alone free, C's nodes
            AllocStats collected = memory.allocStats().minus(base);
            return row.metric(AFTER_COLLECTION, collected.liveBytes())
                    .metric(AFTER_COLLECTION_OBJECTS, collected.liveBlocks())
                    .metric(Metrics.PEAK, collected.peakLiveBytes() - base.liveBytes());
        }
    }
}
