package memlab.labs.batching;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.sqlite.SQLiteConfig;
import org.sqlite.util.LibraryLoaderUtil;

import memlab.lab.Progress;

/**
 * Lab 11's database: a SQLite file (the C engine inside sqlite-jdbc) with one table of users,
 * built by the parent in a temporary directory and read, read-only, by every child JVM.
 */
final class UsersDatabase {

    /** The database's path, given to every child. */
    static final String PATH_PROPERTY = "memlab.lab11.database";

    /** Rows inserted per executeBatch, and per progress step. */
    private static final long INSERT_STEP = 50_000;

    private UsersDatabase() {
    }

    /** Fills a users table with {@code rows} rows in one transaction; returns how long it took. */
    static long create(Path database, long rows, Progress progress) {
        long began = System.nanoTime();
        long step = INSERT_STEP;
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

    /**
     * The flags that tell a child JVM where the database is and where the engine is. The driver
     * would copy its engine out of its jar in every child (about 0.2 s each); the parent copies it
     * once into {@code directory}, which it removes afterwards, and every child loads that copy.
     */
    static List<String> childFlags(Path database, Path directory) throws IOException {
        String engine = LibraryLoaderUtil.getNativeLibName();
        String resource = "/" + LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/", "") + "/" + engine;
        String databaseFlag = "-D" + PATH_PROPERTY + "=" + database;
        try (InputStream in = UsersDatabase.class.getResourceAsStream(resource)) {
            if (in == null) { // no engine for this platform in the jar: let the driver find one as it does
                return List.of(databaseFlag, "-Dorg.sqlite.tmpdir=" + directory);
            }
            Files.copy(in, directory.resolve(engine));
        }
        return List.of(databaseFlag, "-Dorg.sqlite.lib.path=" + directory, "-Dorg.sqlite.lib.name=" + engine);
    }

    /** In a child JVM: the database its parent built, opened read-only. */
    static Connection openReadOnly() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        String url = "jdbc:sqlite:" + System.getProperty(PATH_PROPERTY);
        return DriverManager.getConnection(url, config.toProperties());
    }
}
