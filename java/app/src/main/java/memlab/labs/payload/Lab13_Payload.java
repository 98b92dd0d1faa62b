package memlab.labs.payload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import memlab.measure.NativeProbe;
import memlab.measure.ObjectSizes;
import memlab.nativelib.NativeMemory;
import memlab.util.Sizes;

/**
 * Lab 13 — payload (seed 004: storing pickled bytes that are never used).
 *
 * <p>The seed measured how long each item takes to pickle and how big it is, and kept the
 * measurements as {@code (pickled_data, time, size)}: the pickled bytes rode along, never read
 * again. Dropping them turned "5 x 1 MB = 5 MB" into "80 bytes". memlab does the same with Java
 * serialization:
 *
 * <ul>
 *   <li>{@code heap_keep_serialized}: {@code record Measurement(byte[] serialized, long nanos, int size)}.
 *       JOL's deep size of the list counts every serialized byte still reachable.</li>
 *   <li>{@code heap_time_size_only}: {@code record Measurement(long nanos, int size)}: a few dozen
 *       bytes per item, whatever the item's size.</li>
 *   <li>{@code ffm/jnr_keep_buffers} and {@code _free_buffers}: the same in native memory, where
 *       nothing is reachable or not: a buffer is retained until someone calls free, and the
 *       tracked allocator counts exactly what is kept.</li>
 * </ul>
 *
 * <p>Why the JVM's figure is not the seed's 80 bytes: a Python 2-tuple of a float and an int is
 * 16 bytes of payload in the seed's arithmetic; on the JVM each record has a 12-byte header and
 * padding, and the list has its own array. JOL measures all of it.
 */
public final class Lab13_Payload implements Lab {

    static final LabInfo INFO = LabInfo.lab(13, "payload")
            .title("Payload: keeping serialized bytes nobody reads")
            .seed("004 (Iteration 57: eliminate pickled bytes storage)", "5 items x 1 MB pickled: (pickled_data,"
                    + " time, size) keeps ~5 MB; (time, size) keeps 80 bytes (5 x 16 B, the seed's arithmetic, not a"
                    + " measurement).")
            .question("How much memory does a measurement hold when it keeps the bytes it measured, instead of only"
                    + " their time and size?")
            .lesson("""
                    A measurement that keeps the thing it measured keeps all of it. Records holding the serialized
                    bytes retain every byte for as long as the list lives; records of (time, size) retain a few
                    dozen bytes each, whatever was measured. In native memory the same choice is explicit: a kept
                    buffer stays allocated until freed.""")
            .count("items", "items", 1_000)
            .size("item_bytes", "bytes per item")
            .defaults(1L << 20, 5)
            .quick(256L << 10, 5)
            .build();

    private static final long SEED = 57; // the seed's iteration number: the same random items every run

    static final Metric ITEMS = Metric.count("items_count");
    /** The serialized bytes of every item, kept or not. */
    static final Metric SERIALIZED = Metric.bytes("serialized_bytes");
    static final Metric SERIALIZE_TIME = Metric.nanos("serialize_ns");
    /** Heap used after a full GC, with the measurements alive, minus before them. */
    static final Metric HEAP_RETAINED = Metric.bytes("heap_retained_bytes");
    /** JOL's deep size of one measurement. */
    static final Metric PER_ITEM_DEEP_SIZE = Metric.bytes("per_item_deep_size_bytes");

    @Override
    public LabInfo info() {
        return INFO;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        // the items, their serialized copies, and the serialization buffers: three times the items
        long all = Budget.times(Budget.times(params.sizeBytes(), params.count()), 3);
        return Budget.Plan.of(all, all);
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Bars("heap-retained", "Heap the measurements keep: the serialized payloads, or only their sizes",
                        Metrics.DEEP_SIZE).leaks("keep_serialized"),
                new LabResult.Bars("native-retained", "Native buffers the measurements keep: all of them, or none once freed",
                        Metrics.TRACKED_LIVE).leaks("keep_buffers"));
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "keep_serialized", "time_size_only");
            case FFM, JNR -> Variant.of(side, "keep_buffers", "free_buffers");
        };
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(SERIALIZED, "serialized"),
                Column.of(HEAP_RETAINED, "heap held"),
                Column.of(Metrics.TRACKED_LIVE, "native held"),
                Column.of(Metrics.DEEP_SIZE, "JOL deep"),
                Column.of(SERIALIZE_TIME, "serialize"));
    }

    @Override
    public LabResult run(LabContext context) {
        List<Row> rows = context.runInChildren("lab 13 payload", Lab13_Payload::variants, variant -> List.of(),
                Task.class);
        return result(context, reading(rows), rows);
    }

    /**
     * What keeping the payload costs against keeping its time and size: "5 measurements that keep their 1.3
     * MiB of serialized bytes retain 1.3 MiB (JOL deep), (time, size) records 200 B, 40 B each; ...".
     */
    private static String reading(List<Row> rows) {
        List<String> clauses = new ArrayList<>();
        Readings.finished(rows, Side.HEAP, "keep_serialized").ifPresent(row -> clauses.add(String.format(
                "%d measurements that keep their %s of serialized bytes retain %s (JOL deep)", row.longMetric(ITEMS),
                Sizes.format(row.longMetric(SERIALIZED)), Sizes.format(row.longMetric(Metrics.DEEP_SIZE)))));
        Readings.finished(rows, Side.HEAP, "time_size_only").ifPresent(row -> clauses.add(String.format(
                "%s %s, %s each", clauses.isEmpty() ? "(time, size) records retain" : "(time, size) records",
                Sizes.format(row.longMetric(Metrics.DEEP_SIZE)), Sizes.format(row.longMetric(PER_ITEM_DEEP_SIZE)))));
        List<String> all = new ArrayList<>();
        if (!clauses.isEmpty()) {
            all.add(String.join(", ", clauses));
        }
        // native memory: kept until someone frees it, counted exactly by the tracked allocator
        Readings.nativeFigures(buffers(rows, Side.FFM), buffers(rows, Side.JNR)).ifPresent(c -> all.add(
                "native buffers " + c));
        return Readings.sentence(all, Readings.unfinished(rows));
    }

    /** "hold 1.3 MiB until freed, then 0 B": a side's kept and freed buffers, those it has. */
    private static Optional<String> buffers(List<Row> rows, Side side) {
        Optional<Row> kept = Readings.finished(rows, side, "keep_buffers");
        Optional<Row> freed = Readings.finished(rows, side, "free_buffers");
        if (kept.isEmpty() && freed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Stream.of(kept.map(row -> "hold " + live(row) + " until freed"),
                        freed.map(row -> kept.isPresent() ? "then " + live(row) : "hold " + live(row) + " once freed"))
                .flatMap(Optional::stream).collect(Collectors.joining(", ")));
    }

    private static String live(Row row) {
        return Sizes.format(row.longMetric(Metrics.TRACKED_LIVE));
    }

    /** What the seed kept: the pickled bytes with their measurements. */
    record MeasurementWithBytes(byte[] serialized, long serializeNanos, int serializedSize) {
    }

    /** The seed's fix: only what is used afterwards. */
    record Measurement(long serializeNanos, int serializedSize) {
    }

    /** A measurement whose bytes went to native memory: the address is all Java holds. */
    record NativeMeasurement(long address, long serializeNanos, int serializedSize) {
    }

    /** One variant in a child JVM (JOL needs its flags there). */
    public static final class Task implements ChildTask {

        @Override
        public Row run(VariantArgs args) {
            Variant variant = args.variant();
            List<byte[]> items = items(args.countAsInt(), Math.toIntExact(args.sizeBytes()));
            Row row = new Row(variant);

            NativeMemory lib = variant.side() == Side.HEAP ? null : variant.side().memory();
            // warm-up: serialization and the binding fill their caches once; not part of any measurement
            serialize(new byte[16]);
            if (lib != null) {
                lib.free(lib.malloc(16));
            }

            long trackedBefore = NativeProbe.trackedLiveBytes(); // first: it loads FFM, before the heap baseline
            long heapBefore = HeapProbe.settled().usedBytes();
            List<Object> measurements = new ArrayList<>();
            long serializedBytes = 0;
            long serializeNanos = 0;
            for (byte[] item : items) {
                long start = System.nanoTime();
                byte[] serialized = serialize(item);
                long nanos = System.nanoTime() - start;
                serializeNanos += nanos;
                serializedBytes += serialized.length;
                measurements.add(switch (variant.kind()) {
                    case "keep_serialized" -> new MeasurementWithBytes(serialized, nanos, serialized.length);
                    case "time_size_only" -> new Measurement(nanos, serialized.length);
                    default -> { // keep_buffers, free_buffers
                        long address = lib.malloc(serialized.length);
                        lib.copyFrom(serialized, address);
                        if (variant.kind().equals("free_buffers")) {
                            lib.free(address); // the fix: measured, then released
                            address = 0;
                        }
                        yield new NativeMeasurement(address, nanos, serialized.length);
                    }
                });
            }
            long heapRetained = HeapProbe.settled().usedBytes() - heapBefore;
            row.metric(ITEMS, items.size())
                    .metric(SERIALIZED, serializedBytes)
                    .metric(SERIALIZE_TIME, serializeNanos)
                    .metric(HEAP_RETAINED, heapRetained);
            if (variant.side() == Side.HEAP) {
                row.metric(Metrics.DEEP_SIZE, ObjectSizes.deepBytes(measurements))
                        .metric(PER_ITEM_DEEP_SIZE, ObjectSizes.deepBytes(measurements.get(0)));
            } else {
                row.metric(Metrics.TRACKED_LIVE, NativeProbe.trackedLiveBytes() - trackedBefore);
            }
            Reference.reachabilityFence(measurements);
            Reference.reachabilityFence(items);
            return row;
        }

        /** Random bytes, the same every run: serialization cannot compress or share them. */
        static List<byte[]> items(int count, int size) {
            Random random = new Random(SEED);
            List<byte[]> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] item = new byte[size];
                random.nextBytes(item);
                items.add(item);
            }
            return items;
        }

        static byte[] serialize(Object item) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(item);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }
}
