package memlab.labs;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import memlab.isolate.ChildTask;
import memlab.lab.Budget;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Sizes;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.nativelib.AllocStats;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;

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

    @Override
    public String id() {
        return "cycles";
    }

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String title() {
        return "Cycles: a tracing GC collects them, reference counting cannot";
    }

    @Override
    public String seed() {
        return "000 Lab 1.2 (circular references, gc.disable())";
    }

    @Override
    public String seedFigure() {
        return "1,000,000 objects in a ring, gc disabled, list deleted: current 122.07 MB, peak 130.12 MB,"
                + " 1,000,000 leaked; after gc.collect(): 0.00 MB, 0 leaked.";
    }

    @Override
    public String lesson() {
        return "Reference counting frees an object when nothing points to it, so a cycle keeps itself alive:"
                + " C nodes in a ring stay allocated after the last outside reference is gone, until a link is"
                + " made uncounted or the ring is broken. The JVM traces from its roots instead: an unreachable"
                + " ring is ordinary garbage, freed by the next collection, unless the collector never runs"
                + " (Epsilon, the JVM's gc.disable()).";
    }

    @Override
    public String countName() {
        return "nodes";
    }

    @Override
    public long maxCount() {
        return 10_000_000;
    }

    @Override
    public String sizeName() {
        return "payload bytes per node";
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("nodes", params.count());
        map.put("payload_bytes", params.sizeBytes());
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(64, 1_000_000);
    }

    @Override
    public Params quick() {
        return new Params(64, 100_000);
    }

    /** A node, its payload array and their headers: at most this many bytes each, with room to spare. */
    private static long perNodeBound(Params params) {
        return params.sizeBytes() + 64;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        long all = Budget.times(params.count(), perNodeBound(params));
        return Budget.Plan.of(all, all);
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(new LabResult.Bars("collection", "Bytes left after the root is dropped, before and after a collection",
                List.of("held_bytes", "before_collection_bytes", "after_collection_bytes")));
    }

    static List<String> variants(Side side) {
        return switch (side) {
            case HEAP -> List.of("heap_ring_g1", "heap_ring_epsilon");
            case FFM, JNR -> List.of(side.id() + "_strong_ring", side.id() + "_weak_back_link",
                    side.id() + "_break_cycle");
        };
    }

    /** Epsilon never frees, so its heap must hold everything the run allocates. */
    static List<String> epsilonFlags(Params params) {
        long heap = Math.max(256L << 20, Budget.times(Budget.times(params.count(), perNodeBound(params)), 3));
        return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xmx" + (heap >> 20) + "m");
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 02 cycles", Lab02_Cycles::variants,
                variant -> variant.equals("heap_ring_epsilon") ? epsilonFlags(context.params()) : List.of(),
                Variant.class);
        return result(context, reading(rows), rows);
    }

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (Row row : rows) {
            if (!row.metrics().containsKey("leaked_objects_count")) {
                parts.add(row.variant() + " " + row.labels().getOrDefault("outcome", "failed"));
                continue;
            }
            parts.add(String.format("%s: %,d of %,d nodes left after the root went (%s), %,d after a collection (%s)",
                    row.variant(), row.longMetric("leaked_objects_count"), row.longMetric("nodes_count"),
                    Sizes.format(row.longMetric("before_collection_bytes")),
                    row.longMetric("after_collection_objects_count"),
                    Sizes.format(row.longMetric("after_collection_bytes"))));
        }
        return String.join("; ", parts) + ".";
    }

    /** A heap node: a link and a payload, like the seed's Leak objects. */
    static final class Node {
        Node next;
        final byte[] payload;

        Node(int payloadBytes) {
            this.payload = new byte[payloadBytes];
        }
    }

    /** One variant in a child JVM of its own: args are {@link VariantArgs} (count = nodes). */
    public static final class Variant implements ChildTask {

        @Override
        public Row run(List<String> args) {
            VariantArgs variant = VariantArgs.parse(args);
            Row row = new Row(variant.side(), variant.variant()).metric("nodes_count", variant.count());
            return variant.side() == Side.HEAP ? heap(variant, row) : nativeRing(variant, row);
        }

        private static Row heap(VariantArgs variant, Row row) {
            int nodes = variant.countAsInt();
            long base = HeapProbe.settled().usedBytes();
            Node first = ring(nodes, Math.toIntExact(variant.sizeBytes()));
            WeakReference<Node> watcher = new WeakReference<>(first);
            row.metric("held_bytes", HeapProbe.settled().usedBytes() - base);

            first = null; // drop the root: the ring is reachable only from itself
            row.metric("before_collection_bytes", HeapProbe.now().usedBytes() - base)
                    .metric("leaked_objects_count", survivors(watcher));
            long gcBefore = HeapProbe.gcCount();
            long after = HeapProbe.settled().usedBytes() - base;
            return row.metric("after_collection_bytes", after)
                    .metric("after_collection_objects_count", survivors(watcher))
                    .metric("collections_count", HeapProbe.gcCount() - gcBefore);
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

        private static Row nativeRing(VariantArgs variant, Row row) {
            NativeMemory lib = Natives.forSide(variant.side());
            String kind = variant.variant().substring(variant.side().id().length() + 1);
            lib.resetPeak();
            AllocStats base = lib.allocStats();
            long first = lib.rcRing(variant.count(), variant.sizeBytes(),
                    kind.equals("weak_back_link") ? NativeMemory.RING_WEAK_BACK : NativeMemory.RING_STRONG);
            if (first == 0) {
                throw new OutOfMemoryError("memlab_rc_ring: malloc returned NULL");
            }
            row.metric("held_bytes", lib.allocStats().minus(base).liveBytes())
                    .metric("first_node_references_count", lib.rcCount(first));
            if (kind.equals("break_cycle")) {
                lib.rcUnlink(first); // the fix: break the ring while we can still reach it
            }
            lib.rcRelease(first); // the last outside reference goes
            AllocStats released = lib.allocStats().minus(base);
            row.metric("before_collection_bytes", released.liveBytes())
                    .metric("leaked_objects_count", released.liveBlocks());
            HeapProbe.settled(); // a JVM collection: it cannot see, let alone free, C's nodes
            AllocStats collected = lib.allocStats().minus(base);
            return row.metric("after_collection_bytes", collected.liveBytes())
                    .metric("after_collection_objects_count", collected.liveBlocks())
                    .metric("peak_bytes", collected.peakLiveBytes() - base.liveBytes());
        }
    }
}
