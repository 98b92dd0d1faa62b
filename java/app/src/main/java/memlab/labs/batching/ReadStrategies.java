package memlab.labs.batching;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import memlab.lab.Row;
import memlab.lab.Side;
import memlab.measure.NativeProbe;
import memlab.nativelib.NativeMemory;

import static memlab.labs.batching.Lab11_Batching.BATCH_ROWS;

/**
 * The ways lab 11 reads every user, over one open connection: one method per variant kind. Counts
 * every row it sees, so a variant that dies still says how far it got.
 */
final class ReadStrategies {

    /** Series points per variant: enough to draw a curve, few enough to keep JSON small. */
    static final int SERIES_POINTS = 50;

    private static final String ALL_USERS = "SELECT id, name, email, created_at FROM users";

    private final Connection connection;
    private final Side side;
    private final long rows;
    private final Row seriesRow;
    /** Rows between two series points: a multiple of the batch, SERIES_POINTS points in all. */
    private final long seriesEvery;
    private final NativeMemory memory;
    long rowsSeen;
    long idSum;
    long nativePeak;
    private NativeRows nativeRows;

    /** {@code seriesRow} receives the time per batch; null records nothing. */
    ReadStrategies(Connection connection, Side side, long rows, Row seriesRow) {
        this.connection = connection;
        this.side = side;
        this.rows = rows;
        this.seriesRow = seriesRow;
        this.memory = side == Side.HEAP ? null : side.memory();
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

    /** Reads every user the way {@code kind} says; returns what the variant holds at the end. */
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
             ResultSet result = statement.executeQuery(ALL_USERS)) {
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
            try (ResultSet result = statement.executeQuery(ALL_USERS)) {
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

    /** LIMIT/OFFSET: the engine steps over every skipped row to find the batch. */
    private Object offsetBatches() throws SQLException {
        try (PreparedStatement next = connection.prepareStatement(ALL_USERS + " ORDER BY id LIMIT ? OFFSET ?")) {
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
        nativeRows = NativeRows.allocate(memory, BATCH_ROWS);
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(ALL_USERS)) {
            while (result.next()) {
                User user = user(result);
                nativeRows.append(rowsSeen, user);
                rowsSeen++;
                use(user);
            }
        }
        nativePeak = NativeProbe.trackedLiveBytes();
        return null;
    }

    /** One native batch of structs, reused for every batch. */
    private Object nativeKeysetBatches() throws SQLException {
        nativeRows = NativeRows.allocate(memory, BATCH_ROWS);
        nativePeak = NativeProbe.trackedLiveBytes();
        forEachKeysetBatch(batch -> {
            for (int i = 0; i < batch.size(); i++) {
                nativeRows.put(i, batch.get(i));
                use(batch.get(i));
            }
        });
        return null;
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

    private PreparedStatement keysetStatement() throws SQLException {
        PreparedStatement next = connection.prepareStatement(ALL_USERS + " WHERE id > ? ORDER BY id LIMIT ?");
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

    /** Frees the native copies, if any: after the measurement, or when the heap ran out. */
    void dropEverything() {
        if (nativeRows != null) {
            nativeRows.free();
        }
    }
}
