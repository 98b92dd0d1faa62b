package memlab.labs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sqlite.SQLiteConfig;

import memlab.isolate.ChildTask;
import memlab.isolate.TempDirs;
import memlab.lab.Budget;
import memlab.lab.Lab;
import memlab.lab.LabContext;
import memlab.lab.LabResult;
import memlab.lab.Params;
import memlab.lab.Progress;
import memlab.lab.Row;
import memlab.lab.Side;
import memlab.lab.Sizes;
import memlab.lab.UsageException;
import memlab.lab.VariantArgs;
import memlab.measure.HeapProbe;
import memlab.measure.NativeProbe;
import memlab.measure.PeakHeap;
import memlab.measure.ProcessProbe;
import memlab.nativelib.NativeMemory;
import memlab.nativelib.Natives;

/**
 * Lab 11 — batching (seed 003: {@code User.all.each} vs {@code User.find_each}).
 *
 * <p>A real SQLite database (the C engine inside the sqlite-jdbc driver) holds {@code --count}
 * users, 1,000,000 by default, in a temporary file. Each variant reads every user once, in a child
 * JVM of its own:
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
 *       native structs of {@value #NATIVE_ROW_BYTES} bytes, all of them or one batch reused.</li>
 * </ul>
 *
 * <p>Peak heap comes from the collector's own notifications ({@link PeakHeap}): used just before a
 * collection includes garbage (what the JVM had to have), live just after is what was reachable.
 * Peak RSS is the kernel's high-water mark, reset when the variant starts.
 *
 * <p>Then the availability lesson: every variant again under a small heap budget ({@code --size},
 * -Xmx64m by default). Loading everything dies with {@code OutOfMemoryError}, reported as a row; the
 * batched variants finish. The native load-all finishes too: -Xmx caps the heap, not the process.
 */
public final class Lab11_Batching implements Lab {

    static final int BATCH_ROWS = 1000;

    /** A native user: id, created_at, then name and email as NUL-padded UTF-8. */
    static final int NATIVE_ROW_BYTES = 96;
    private static final int NAME_BYTES = 32;
    private static final int EMAIL_BYTES = 48;

    /** The database's path, given to every child. */
    static final String DATABASE_PROPERTY = "memlab.lab11.database";

    static final String BUDGETED = "_budgeted";

    /** A JVM needs a little heap of its own before it can run a query at all. */
    static final long MIN_BUDGET_BYTES = 8L << 20;

    /** Series points per variant: enough to draw a curve, few enough to keep JSON small. */
    private static final int SERIES_POINTS = 50;

    /** One row of the users table, as an application holds it. */
    record User(long id, String name, String email, long createdAt) {
    }

    @Override
    public String id() {
        return "batching";
    }

    @Override
    public int number() {
        return 11;
    }

    @Override
    public String title() {
        return "Batching: load every row vs stream vs keyset batches from an embedded database";
    }

    @Override
    public String seed() {
        return "003 §1-2, §4-5 (memory_test.rb: User.all.each vs User.find_each)";
    }

    @Override
    public String seedFigure() {
        return "Ruby, 1M records: all.each peak RSS ~1.6 GB, find_each ~9 MB (delta); loading everything is a"
                + " denial of service waiting for a big enough table.";
    }

    @Override
    public String lesson() {
        return "Loading every row costs memory in proportion to the table; a cursor or keyset batches cost one"
                + " batch, whatever the size. Offset batches use as little memory but slow down as the offset"
                + " grows. Accumulating ids while batching brings O(N) back. Under a heap budget, load-all dies"
                + " with OutOfMemoryError and batching finishes; copied into native memory, load-all escapes"
                + " the heap budget altogether.";
    }

    @Override
    public String countName() {
        return "rows";
    }

    @Override
    public long maxCount() {
        return 20_000_000;
    }

    @Override
    public String sizeName() {
        return "heap budget (-Xmx) for the availability run";
    }

    @Override
    public Map<String, Object> describe(Params params) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rows", params.count());
        map.put("batch_rows", BATCH_ROWS);
        map.put("heap_budget_bytes", params.sizeBytes());
        return map;
    }

    @Override
    public Params defaults() {
        return new Params(64L << 20, 1_000_000);
    }

    @Override
    public Params quick() {
        return new Params(16L << 20, 200_000);
    }

    @Override
    public Budget.Plan plan(Params params, Set<Side> sides) {
        if (params.sizeBytes() < MIN_BUDGET_BYTES) {
            throw new UsageException("lab batching needs a heap budget (--size) of at least "
                    + Sizes.format(MIN_BUDGET_BYTES) + ", got " + Sizes.format(params.sizeBytes()));
        }
        // children hold the rows; the parent holds nothing but the database file on disk
        return Budget.Plan.of(Budget.times(params.count(), NATIVE_ROW_BYTES * 2L), 0);
    }

    @Override
    public List<LabResult.Chart> charts() {
        return List.of(
                new LabResult.Bars("peak-memory", "Peak heap, peak live heap and peak RSS per variant",
                        List.of("peak_heap_used_bytes", "peak_live_heap_bytes", "peak_rss_delta_bytes")),
                new LabResult.Line("batch-time", "Time per batch of 1000 rows by where it starts", "offset_rows",
                        "batch_us", "µs"));
    }

    static List<String> variants(Side side) {
        return switch (side) {
            case HEAP -> List.of("heap_load_all", "heap_stream", "heap_keyset_batches", "heap_offset_batches",
                    "heap_keyset_accumulate_ids", "heap_pluck_ids");
            case FFM, JNR -> List.of(side.id() + "_load_all", side.id() + "_keyset_batches");
        };
    }

    /** Each variant twice: as it is, then under the heap budget. */
    static List<String> variantsWithBudget(Side side) {
        List<String> both = new ArrayList<>(variants(side));
        variants(side).forEach(variant -> both.add(variant + BUDGETED));
        return both;
    }

    @Override
    public LabResult run(LabContext context) {
        Path directory = null;
        try {
            directory = TempDirs.create("lab11");
            Path database = directory.resolve("users.db");
            long createdNanos = createDatabase(database, context.params().count(), context.progress());
            List<String> shared = List.of("-D" + DATABASE_PROPERTY + "=" + database,
                    "-Dorg.sqlite.tmpdir=" + directory); // the driver's extracted engine goes where we clean up
            String budget = xmx(context.params().sizeBytes());
            List<Row> rows = context.runInChildren("lab 11 batching", Lab11_Batching::variantsWithBudget,
                    variant -> variant.endsWith(BUDGETED) ? concat(shared, budget) : shared, Variant.class);
            rows.forEach(row -> {
                if (row.variant().endsWith(BUDGETED)) {
                    row.label("heap_budget", budget);
                }
            });
            Row creation = new Row(Side.HEAP, "database_created")
                    .metric("rows", context.params().count())
                    .metric("file_bytes", Files.size(database))
                    .metric("elapsed_ns", createdNanos)
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

    /** The heap budget as the JVM flag a reader would write: -Xmx64m, or bytes when not whole MiB. */
    static String xmx(long bytes) {
        return bytes % (1 << 20) == 0 ? "-Xmx" + (bytes >> 20) + "m" : "-Xmx" + bytes;
    }

    private static List<String> concat(List<String> flags, String flag) {
        List<String> all = new ArrayList<>(flags);
        all.add(flag);
        return all;
    }

    /** Fills a users table with {@code rows} rows in one transaction; returns how long it took. */
    static long createDatabase(Path database, long rows, Progress progress) {
        long began = System.nanoTime();
        long step = 50_000;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Progress.Task task = progress.start("lab 11 creating " + rows + " rows", (rows + step - 1) / step)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = OFF"); // a scratch database: no rollback needed
                statement.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                        + " email TEXT NOT NULL, created_at INTEGER NOT NULL)");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO users (id, name, email, created_at) VALUES (?, ?, ?, ?)")) {
                for (long id = 1; id <= rows; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "user " + id);
                    insert.setString(3, "user" + id + "@example.com");
                    insert.setLong(4, 1_700_000_000L + id);
                    insert.addBatch();
                    if (id % step == 0 || id == rows) {
                        insert.executeBatch();
                        task.step(id + " rows");
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the lab 11 database " + database + ": " + e.getMessage(), e);
        }
        return System.nanoTime() - began;
    }

    private static String reading(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        List<String> died = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        String budget = "";
        for (Row row : rows) {
            String variant = row.variant();
            String outcome = row.labels().getOrDefault("outcome", "failed");
            if (variant.equals("database_created")) {
                parts.add(String.format("%,d rows written in %.1f s (%s on disk)", row.longMetric("rows"),
                        row.longMetric("elapsed_ns") / 1e9, Sizes.format(row.longMetric("file_bytes"))));
            } else if (variant.endsWith(BUDGETED)) {
                budget = row.labels().getOrDefault("heap_budget", budget);
                String name = variant.substring(0, variant.length() - BUDGETED.length());
                if (outcome.equals("finished")) {
                    finished.add(name);
                } else {
                    died.add(name + " died: " + outcome);
                }
            } else if (!outcome.equals("finished")) {
                parts.add(variant + " " + outcome);
            } else {
                parts.add(String.format("%s peaks at %s of live heap%s", variant,
                        Sizes.format(row.longMetric("peak_live_heap_bytes")),
                        row.metrics().containsKey("native_peak_bytes")
                                ? " and " + Sizes.format(row.longMetric("native_peak_bytes")) + " native" : ""));
            }
        }
        String reading = String.join("; ", parts) + ".";
        if (!died.isEmpty() || !finished.isEmpty()) {
            reading += " Under " + budget + ": " + (died.isEmpty() ? "nothing died" : String.join("; ", died))
                    + "; " + String.join(", ", finished) + " finished.";
        }
        return reading;
    }

    /** One variant in a child JVM: args are side, variant, heap budget, rows. */
    public static final class Variant implements ChildTask {

        @Override
        public Row run(List<String> args) throws Exception {
            VariantArgs variantArgs = VariantArgs.parse(args);
            boolean budgeted = variantArgs.variant().endsWith(BUDGETED);
            String kind = variantArgs.variant().replace(BUDGETED, "")
                    .substring(variantArgs.side().id().length() + 1);
            Row row = new Row(variantArgs.side(), variantArgs.variant());
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            String url = "jdbc:sqlite:" + System.getProperty(DATABASE_PROPERTY);
            try (Connection connection = DriverManager.getConnection(url, config.toProperties())) {
                Reading reading = new Reading(connection, variantArgs.side(), variantArgs.count(),
                        budgeted ? null : row);
                reading.warmUp(SERIES_POINTS); // over a few batches: driver classes, statements, JIT
                reading.reset();

                long heapBase = HeapProbe.settled().usedBytes();
                long rssBase = ProcessProbe.resetPeakResident();
                long trackedBase = NativeProbe.trackedLiveBytes();
                long allocatedBase = HeapProbe.threadAllocatedBytes();
                try (PeakHeap peak = PeakHeap.start()) {
                    long began = System.nanoTime();
                    Object held;
                    try {
                        held = reading.run(kind);
                    } catch (OutOfMemoryError e) {
                        reading.dropEverything(); // the heap is full: let go before building the row
                        return row.metric("rows_processed", reading.rowsSeen)
                                .metric("elapsed_ns", System.nanoTime() - began)
                                .label("outcome", "OutOfMemoryError (" + e.getMessage() + ") after "
                                        + String.format("%,d", reading.rowsSeen) + " rows");
                    }
                    long elapsed = System.nanoTime() - began;
                    PeakHeap.Marks marks = peak.marks();
                    long peakRss = ProcessProbe.peakResidentBytes();
                    row.metric("rows_processed", reading.rowsSeen)
                            .metric("id_sum", reading.idSum)
                            .metric("rows_per_s", Math.round(reading.rowsSeen / (elapsed / 1e9)))
                            .metric("elapsed_ns", elapsed)
                            .metric("peak_heap_used_bytes", marks.peakUsedBytes() - heapBase);
                    if (!budgeted) {
                        // reachable at some collection during the run, or at the end (settled, still held)
                        long retained = HeapProbe.settled().usedBytes() - heapBase;
                        row.metric("peak_live_heap_bytes", Math.max(retained, marks.peakLiveBytes() - heapBase))
                                .metric("retained_heap_bytes", retained)
                                .metric("allocated_bytes", HeapProbe.threadAllocatedBytes() - allocatedBase)
                                .metric("collections", marks.collections());
                        if (peakRss >= 0 && rssBase >= 0) {
                            row.metric("peak_rss_delta_bytes", peakRss - rssBase);
                        }
                        if (variantArgs.side() != Side.HEAP) {
                            row.metric("native_peak_bytes", reading.nativePeak - trackedBase);
                        }
                    }
                    Reference.reachabilityFence(held); // what the variant holds stays held until measured
                    reading.dropEverything();
                    return row.label("outcome", "finished");
                }
            }
        }
    }

    /**
     * The variants' code, over one open connection. Counts every row it sees, so a variant that
     * dies still says how far it got.
     */
    static final class Reading {

        private final Connection connection;
        private final Side side;
        private final long rows;
        private final Row seriesRow;
        /** Rows between two series points: a multiple of the batch, SERIES_POINTS points in all. */
        private final long seriesEvery;
        private final NativeMemory lib;
        long rowsSeen;
        long idSum;
        long nativePeak;
        private long nativeBuffer;

        Reading(Connection connection, Side side, long rows, Row seriesRow) {
            this.connection = connection;
            this.side = side;
            this.rows = rows;
            this.seriesRow = seriesRow;
            this.lib = side == Side.HEAP ? null : Natives.forSide(side);
            this.seriesEvery = Math.max(BATCH_ROWS, rows / SERIES_POINTS / BATCH_ROWS * BATCH_ROWS);
        }

        void reset() {
            rowsSeen = 0;
            idSum = 0;
        }

        /** Warm-up: a few keyset batches of whichever kind this side reads. */
        void warmUp(int batches) throws SQLException {
            long lastId = 0;
            try (PreparedStatement next = keysetStatement()) {
                for (int i = 0; i < batches && lastId < rows; i++) {
                    for (User user : keysetBatch(next, lastId)) {
                        lastId = user.id();
                    }
                }
            }
        }

        Object run(String kind) throws SQLException {
            return switch (kind) {
                case "load_all" -> side == Side.HEAP ? loadAll() : nativeLoadAll();
                case "stream" -> stream();
                case "keyset_batches" -> side == Side.HEAP ? keysetBatches(null) : nativeKeysetBatches();
                case "offset_batches" -> offsetBatches();
                case "keyset_accumulate_ids" -> keysetBatches(new ArrayList<>());
                case "pluck_ids" -> pluckIds();
                default -> throw new IllegalArgumentException("unknown variant " + kind);
            };
        }

        /** {@code User.all.each}: every row in memory before the first is used. */
        private List<User> loadAll() throws SQLException {
            List<User> users = new ArrayList<>(); // O(N): the whole table
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT id, name, email, created_at FROM users")) {
                while (result.next()) {
                    users.add(user(result));
                    rowsSeen++;
                }
            }
            users.forEach(this::use);
            return users;
        }

        /** One cursor, forward only: each row is garbage once used. */
        private Object stream() throws SQLException {
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(BATCH_ROWS);
                try (ResultSet result = statement.executeQuery("SELECT id, name, email, created_at FROM users")) {
                    while (result.next()) {
                        use(user(result));
                        rowsSeen++;
                    }
                }
            }
            return null;
        }

        /** {@code find_each}: the next batch starts after the last id seen, through the primary key. */
        private Object keysetBatches(List<Long> userIds) throws SQLException {
            forEachKeysetBatch(batch -> {
                for (User user : batch) {
                    use(user);
                    if (userIds != null) {
                        userIds.add(user.id()); // the anti-pattern: grows with the table
                    }
                }
            });
            return userIds;
        }

        private interface BatchWork {
            void accept(List<User> batch);
        }

        /** Every keyset batch in id order, timed into the series. */
        private void forEachKeysetBatch(BatchWork work) throws SQLException {
            long lastId = 0;
            try (PreparedStatement next = keysetStatement()) {
                while (true) {
                    long began = System.nanoTime();
                    List<User> batch = keysetBatch(next, lastId);
                    if (batch.isEmpty()) {
                        return;
                    }
                    work.accept(batch);
                    record(rowsSeen, System.nanoTime() - began);
                    rowsSeen += batch.size();
                    lastId = batch.get(batch.size() - 1).id();
                }
            }
        }

        /** LIMIT/OFFSET: the engine steps over every skipped row to find the batch. */
        private Object offsetBatches() throws SQLException {
            try (PreparedStatement next = connection.prepareStatement(
                    "SELECT id, name, email, created_at FROM users ORDER BY id LIMIT ? OFFSET ?")) {
                next.setInt(1, BATCH_ROWS);
                for (long offset = 0; ; offset += BATCH_ROWS) {
                    long began = System.nanoTime();
                    next.setLong(2, offset);
                    int inBatch = 0;
                    try (ResultSet result = next.executeQuery()) {
                        while (result.next()) {
                            use(user(result));
                            inBatch++;
                        }
                    }
                    if (inBatch == 0) {
                        return null;
                    }
                    record(offset, System.nanoTime() - began);
                    rowsSeen += inBatch;
                }
            }
        }

        /** {@code User.pluck(:id)}: only the ids, unboxed. */
        private long[] pluckIds() throws SQLException {
            long[] ids = new long[1024];
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT id FROM users ORDER BY id")) {
                while (result.next()) {
                    if (rowsSeen == ids.length) {
                        ids = Arrays.copyOf(ids, ids.length * 2);
                    }
                    ids[(int) rowsSeen] = result.getLong(1);
                    idSum += ids[(int) rowsSeen];
                    rowsSeen++;
                }
            }
            return ids;
        }

        /** Every row copied into one native array of structs, grown by doubling as C code would. */
        private Object nativeLoadAll() throws SQLException {
            long capacity = BATCH_ROWS;
            nativeBuffer = requireNative(lib.malloc(capacity * NATIVE_ROW_BYTES), capacity);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT id, name, email, created_at FROM users")) {
                byte[] struct = new byte[NATIVE_ROW_BYTES];
                while (result.next()) {
                    if (rowsSeen == capacity) {
                        capacity *= 2;
                        nativeBuffer = requireNative(lib.realloc(nativeBuffer, capacity * NATIVE_ROW_BYTES), capacity);
                    }
                    User user = user(result);
                    lib.copyFrom(encode(user, struct), nativeBuffer + rowsSeen * NATIVE_ROW_BYTES);
                    rowsSeen++;
                    use(user);
                }
            }
            nativePeak = NativeProbe.trackedLiveBytes();
            return null;
        }

        /** One native batch of structs, reused for every batch. */
        private Object nativeKeysetBatches() throws SQLException {
            nativeBuffer = requireNative(lib.malloc((long) BATCH_ROWS * NATIVE_ROW_BYTES), BATCH_ROWS);
            nativePeak = NativeProbe.trackedLiveBytes();
            byte[] struct = new byte[NATIVE_ROW_BYTES];
            forEachKeysetBatch(batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    lib.copyFrom(encode(batch.get(i), struct), nativeBuffer + (long) i * NATIVE_ROW_BYTES);
                    use(batch.get(i));
                }
            });
            return null;
        }

        private PreparedStatement keysetStatement() throws SQLException {
            PreparedStatement next = connection.prepareStatement(
                    "SELECT id, name, email, created_at FROM users WHERE id > ? ORDER BY id LIMIT ?");
            next.setInt(2, BATCH_ROWS);
            return next;
        }

        private static List<User> keysetBatch(PreparedStatement next, long afterId) throws SQLException {
            next.setLong(1, afterId);
            List<User> batch = new ArrayList<>(BATCH_ROWS);
            try (ResultSet result = next.executeQuery()) {
                while (result.next()) {
                    batch.add(user(result));
                }
            }
            return batch;
        }

        private static User user(ResultSet result) throws SQLException {
            return new User(result.getLong(1), result.getString(2), result.getString(3), result.getLong(4));
        }

        /** The "work" on each user: enough that the row cannot be optimised away. */
        private void use(User user) {
            idSum += user.id();
        }

        /** One point per 1/SERIES_POINTS of the table: batch time by where the batch starts. */
        private void record(long offsetRows, long batchNanos) {
            if (seriesRow != null && offsetRows % seriesEvery == 0) {
                seriesRow.point(Map.of("offset_rows", offsetRows, "batch_us", batchNanos / 1000));
            }
        }

        private static byte[] encode(User user, byte[] struct) {
            ByteBuffer buffer = ByteBuffer.wrap(struct).order(ByteOrder.nativeOrder());
            Arrays.fill(struct, (byte) 0);
            buffer.putLong(user.id()).putLong(user.createdAt());
            putPadded(buffer, user.name(), NAME_BYTES);
            putPadded(buffer, user.email(), EMAIL_BYTES);
            return struct;
        }

        private static void putPadded(ByteBuffer buffer, String text, int width) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            int start = buffer.position();
            buffer.put(utf8, 0, Math.min(utf8.length, width - 1)); // truncated, always NUL-terminated
            buffer.position(start + width);
        }

        private long requireNative(long address, long capacityRows) {
            if (address == 0) {
                throw new OutOfMemoryError("native malloc of " + capacityRows + " rows returned NULL");
            }
            return address;
        }

        void dropEverything() {
            if (lib != null && nativeBuffer != 0) {
                lib.free(nativeBuffer);
                nativeBuffer = 0;
            }
        }
    }
}
