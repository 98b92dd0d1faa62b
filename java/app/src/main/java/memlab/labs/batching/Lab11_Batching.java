package memlab.labs.batching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import memlab.lab.Budget;
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
import memlab.util.Sizes;
import memlab.util.TempDirs;
import memlab.util.UsageException;

/**
 * Lab 11 — batching (seed 003: {@code User.all.each} vs {@code User.find_each}).
 *
 * <p>A real SQLite database (the C engine inside the sqlite-jdbc driver) holds {@code --count}
 * users, 1,000,000 by default, in a temporary file ({@link UsersDatabase}). Each variant reads every
 * user once, in a child JVM of its own ({@link BatchingTask}); the reads themselves are in
 * {@link ReadStrategies}:
 *
 * <ul>
 *   <li>{@code heap_load_all}: every row into a {@code List<User>} first, then the work. O(N):
 *       the seed's 1.6 GB.</li>
 *   <li>{@code heap_stream}: one forward-only cursor, a row at a time. O(1).</li>
 *   <li>{@code heap_keyset_batches}: {@code WHERE id > ? ORDER BY id LIMIT 1000}, the seed's
 *       {@code find_each}. O(1), and each batch costs the same wherever it starts.</li>
 *   <li>{@code heap_offset_batches}: {@code LIMIT 1000 OFFSET ?}. The same memory, but the engine
 *       walks past every skipped row: the series shows batch time growing with the offset.</li>
 *   <li>{@code heap_keyset_accumulate_ids}: batches, but every id appended to a list (the seed's
 *       accumulator anti-pattern): O(N) again, in boxed {@code Long}s.</li>
 *   <li>{@code heap_pluck_ids}: {@code SELECT id} into a {@code long[]}, the seed's {@code pluck}:
 *       still O(N), but 8 bytes a row.</li>
 *   <li>{@code ffm_load_all}, {@code ffm_keyset_batches} (and jnr): the same rows copied into
 *       native structs of {@value #NATIVE_ROW_BYTES} bytes ({@link NativeRows}), all of them or one
 *       batch reused.</li>
 * </ul>
 *
 * <p>Peak heap comes from the collector's own notifications ({@link memlab.measure.PeakHeap}): used
 * just before a collection includes garbage (what the JVM had to have), live just after is what was
 * reachable. Peak RSS is the kernel's high-water mark, reset when the variant starts.
 *
 * <p>Then every variant runs again, {@code _budgeted}, in a child started with the heap budget
 * ({@code --size}, -Xmx64m by default). A variant that runs out of heap is still a row: its outcome
 * says how many rows it read before the {@code OutOfMemoryError}. -Xmx caps the heap, not the
 * process: native copies are outside it. A budgeted row reports how far it got, never how fast, so
 * these children run side by side, one per core.
 */
public final class Lab11_Batching implements Lab {

    static final int BATCH_ROWS = 1000;

    /** A native user: id, created_at, then name and email as NUL-padded UTF-8. */
    static final int NATIVE_ROW_BYTES = 96;

    /** A JVM needs a little heap of its own before it can run a query at all. */
    static final long MIN_BUDGET_BYTES = 8L << 20;

    static final LabInfo INFO = LabInfo.lab(11, "batching")
            .title("Batching: load every row vs stream vs keyset batches from an embedded database")
            .seed("003 §1-2, §4-5 (memory_test.rb: User.all.each vs User.find_each)", "Ruby, 1M records: all.each"
                    + " peak RSS ~1.6 GB, find_each ~9 MB (delta); loading everything is a denial of service"
                    + " waiting for a big enough table.")
            .question("How much memory does reading every row of a big table take: all at once, through a"
                    + " cursor, or batch by batch?")
            .lesson("""
                    Loading every row costs memory in proportion to the table; a cursor or keyset batches cost one
                    batch, whatever the size. Offset batches use as little memory but slow down as the offset
                    grows. Accumulating ids while batching brings O(N) back. Under a heap budget, load-all dies
                    with OutOfMemoryError and batching finishes; copied into native memory, load-all escapes
                    the heap budget altogether.""")
            .count("rows", "rows", 20_000_000)
            .size("heap_budget_bytes", "heap budget (-Xmx) for the availability run")
            .fixed("batch_rows", BATCH_ROWS)
            .defaults(64L << 20, 1_000_000)
            .quick(16L << 20, 200_000)
            .build();

    /** The row that says how the database was built, before the variants' rows: not a variant, so no side in its name. */
    static final Variant DATABASE_CREATED = Variant.unprefixed(Side.HEAP, "database_created");

    /** What a budgeted variant's kind ends with: heap_load_all, then heap_load_all_budgeted. */
    private static final String BUDGETED = "_budgeted";

    static final Metric ROWS = Metric.number("rows");
    static final Metric FILE_BYTES = Metric.bytes("file_bytes");
    static final Metric ROWS_PROCESSED = Metric.number("rows_processed");
    static final Metric ID_SUM = Metric.number("id_sum");
    static final Metric ROWS_PER_S = Metric.number("rows_per_s");
    static final Metric PEAK_HEAP_USED = Metric.bytes("peak_heap_used_bytes");
    static final Metric PEAK_LIVE_HEAP = Metric.bytes("peak_live_heap_bytes");
    static final Metric RETAINED_HEAP = Metric.bytes("retained_heap_bytes");
    static final Metric ALLOCATED = Metric.bytes("allocated_bytes");
    static final Metric COLLECTIONS = Metric.number("collections");
    static final Metric PEAK_RSS_DELTA = Metric.bytes("peak_rss_delta_bytes");
    static final Metric NATIVE_PEAK = Metric.bytes("native_peak_bytes");

    @Override
    public LabInfo info() {
        return INFO;
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        if (params.sizeBytes() < MIN_BUDGET_BYTES) {
            throw new UsageException("lab batching needs a heap budget (--size) of at least "
                    + Sizes.format(MIN_BUDGET_BYTES) + ", got " + Sizes.format(params.sizeBytes()));
        }
        // children hold the rows; the parent holds nothing but the database file on disk
        return Budget.Plan.of(Budget.times(params.count(), NATIVE_ROW_BYTES * 2L), 0).sideBySide();
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Bars("peak-live-heap",
                        "Peak live heap: load-all holds every row, a cursor or batches only a batch",
                        PEAK_LIVE_HEAP),
                new LabResult.Line("batch-time",
                        "Time per 1000-row batch: offset batches slow down as they go, keyset ones do not",
                        "offset_rows", "batch_us", "µs"));
    }

    /** The variants of a side, in the order they are shown. */
    static List<Variant> variants(Side side) {
        return switch (side) {
            case HEAP -> Variant.of(side, "load_all", "stream", "keyset_batches", "offset_batches",
                    "keyset_accumulate_ids", "pluck_ids");
            case FFM, JNR -> Variant.of(side, "load_all", "keyset_batches");
        };
    }

    /** The same read under the heap budget: heap_load_all_budgeted. */
    static Variant budgeted(Variant variant) {
        return new Variant(variant.side(), variant.kind() + BUDGETED);
    }

    /** Each variant twice: as it is, then under the heap budget. */
    static List<Variant> variantsWithBudget(Side side) {
        List<Variant> both = new ArrayList<>(variants(side));
        variants(side).forEach(variant -> both.add(budgeted(variant)));
        return both;
    }

    /** The variant a budgeted one runs again under the heap budget; empty for a variant run as it is. */
    static Optional<Variant> unbudgeted(Variant variant) {
        return variants(variant.side()).stream().filter(plain -> budgeted(plain).equals(variant)).findFirst();
    }

    @Override
    public List<Column> headline() {
        return List.of(
                Column.of(PEAK_LIVE_HEAP, "live heap"),
                Column.of(NATIVE_PEAK, "native"),
                Column.of(PEAK_RSS_DELTA, "RSS peak +"),
                Column.of(ROWS_PROCESSED, "rows read"),
                Column.of(ROWS_PER_S, "rows/s"));
    }

    @Override
    public LabResult run(LabContext context) {
        Path directory = null;
        try {
            directory = TempDirs.create("lab11");
            Path database = directory.resolve("users.db");
            long createdNanos = UsersDatabase.create(database, context.params().count(), context.progress());
            List<String> shared = UsersDatabase.childFlags(database, directory);
            String budget = xmx(context.params().sizeBytes());
            List<Row> plain = context.runInChildren("lab 11 batching", Lab11_Batching::variants,
                    variant -> shared, BatchingTask.class);
            // under the budget a child reports how far it got, not how fast: two such children can share the cores
            List<Row> underBudget = context.runSideBySide("lab 11 under " + budget,
                    side -> variants(side).stream().map(Lab11_Batching::budgeted).toList(),
                    variant -> concat(shared, budget), BatchingTask.class);
            underBudget.forEach(row -> row.label("heap_budget", budget));
            List<Row> rows = inVariantOrder(context.variants(Lab11_Batching::variantsWithBudget), plain, underBudget);
            Row creation = new Row(DATABASE_CREATED)
                    .metric(ROWS, context.params().count())
                    .metric(FILE_BYTES, Files.size(database))
                    .metric(Metrics.ELAPSED, createdNanos)
                    .label("engine", "SQLite through sqlite-jdbc, one transaction of batched inserts");
            List<Row> all = new ArrayList<>();
            all.add(creation);
            all.addAll(rows);
            return result(context, reading(all), all);
        } catch (IOException e) {
            throw new UncheckedIOException("lab batching cannot use a temporary directory: " + e.getMessage(), e);
        } finally {
            TempDirs.deleteTree(directory);
        }
    }

    /** Each side's plain variants then its budgeted ones, as {@link #variantsWithBudget} lists them. */
    private static List<Row> inVariantOrder(List<Variant> order, List<Row> plain, List<Row> underBudget) {
        List<Row> all = new ArrayList<>(plain);
        all.addAll(underBudget);
        all.sort(Comparator.comparingInt(row -> order.indexOf(row.variant())));
        return all;
    }

    /** The heap budget as the JVM flag a reader would write: -Xmx64m, or bytes when not whole MiB. */
    static String xmx(long bytes) {
        return bytes % (1 << 20) == 0 ? "-Xmx" + (bytes >> 20) + "m" : "-Xmx" + bytes;
    }

    private static List<String> concat(List<String> flags, String flag) {
        List<String> all = new ArrayList<>(flags);
        all.add(flag);
        return all;
    }

    /**
     * Memory against the table's size, then who survives the heap budget: "Peak live heap over 200,000
     * rows: load-all 31.6 MiB, a cursor or keyset batches at most 385.1 KiB, ... Under -Xmx16m ...".
     */
    private static String reading(List<Row> rows) {
        List<String> heap = new ArrayList<>();
        onHeap(rows, "load_all").ifPresent(row -> heap.add("load-all " + live(row)));
        // a cursor and keyset batches: the same lesson, one batch whatever the table
        List<Row> oneBatch = Stream.of(onHeap(rows, "stream"), onHeap(rows, "keyset_batches")).flatMap(Optional::stream)
                .toList();
        if (oneBatch.size() == 2) {
            heap.add("a cursor or keyset batches at most " + live(oneBatch.stream()
                    .max(Comparator.comparingLong(row -> row.longMetric(PEAK_LIVE_HEAP))).orElseThrow()));
        } else if (!oneBatch.isEmpty()) {
            heap.add((oneBatch.get(0).variant().kind().equals("stream") ? "a cursor " : "keyset batches ")
                    + live(oneBatch.get(0)));
        }
        Optional<Row> keyset = onHeap(rows, "keyset_batches");
        onHeap(rows, "offset_batches").ifPresent(offset -> heap.add("offset batches " + live(offset) + keyset.map(
                k -> String.format(" but %.1fx slower", k.doubleMetric(ROWS_PER_S) / offset.doubleMetric(ROWS_PER_S)))
                .orElse("")));
        String table = rows.stream().filter(row -> row.variant().equals(DATABASE_CREATED) && row.has(ROWS)).findFirst()
                .map(row -> String.format(" over %,d rows", row.longMetric(ROWS))).orElse("");
        List<String> first = new ArrayList<>();
        if (!heap.isEmpty()) {
            first.add("peak live heap" + table + ": " + String.join(", ", heap));
        }
        // copied into native memory: off the heap, in the tracked allocator
        Readings.natives(Readings.finished(rows, Side.FFM, "load_all"), Readings.finished(rows, Side.JNR, "load_all"),
                row -> Sizes.format(row.longMetric(NATIVE_PEAK)) + " off the heap").ifPresent(c -> first.add(
                (first.isEmpty() && !table.isEmpty() ? table.strip() + ", " : "") + "native load-all holds " + c));
        return (Readings.sentence(first, "") + " " + Readings.sentence(List.of(underBudget(rows)),
                Readings.unfinished(rows, row -> unbudgeted(row.variant()).isPresent()))).strip();
    }

    /** A heap variant's row, if it finished. */
    private static Optional<Row> onHeap(List<Row> rows, String kind) {
        return Readings.finished(rows, Side.HEAP, kind);
    }

    /** Its peak live heap: "31.6 MiB". */
    private static String live(Row row) {
        return Sizes.format(row.longMetric(PEAK_LIVE_HEAP));
    }

    /**
     * "under -Xmx16m heap load-all died after 76,449 rows; every other variant finished": which reads
     * the heap budget stopped, as its rows say.
     */
    private static String underBudget(List<Row> rows) {
        List<Row> budgeted = rows.stream().filter(row -> unbudgeted(row.variant()).isPresent()).toList();
        if (budgeted.isEmpty()) {
            return "";
        }
        String budget = budgeted.stream().map(row -> row.labels().get("heap_budget")).filter(b -> b != null)
                .findFirst().orElse("the heap budget");
        List<String> died = budgeted.stream().filter(row -> !row.outcome().finished())
                .map(row -> readable(unbudgeted(row.variant()).orElseThrow()) + " died" + (row.has(ROWS_PROCESSED)
                        ? String.format(" after %,d rows", row.longMetric(ROWS_PROCESSED)) : "")).toList();
        long finished = budgeted.size() - died.size();
        if (died.isEmpty()) {
            return "under " + budget + " every variant finished";
        }
        return "under " + budget + " " + (died.size() <= 2 ? String.join(" and ", died)
                : died.size() + " variants died") + (finished == 0 ? "" : finished == budgeted.size() - 1 ? "; every other variant finished"
                : "; " + finished + " finished");
    }

    /** "heap load-all": a variant as the reading says it. */
    private static String readable(Variant variant) {
        return variant.side().id() + " " + variant.kind().replace("load_all", "load-all").replace('_', ' ');
    }
}
