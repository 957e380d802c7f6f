package dev.deskphone.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The backend's connections: a write pool for the group-commit writer and a read pool for queries,
 * after Flyway has brought the schema up to date.
 *
 * <p>SQLite allows one writer per file, so its write pool holds exactly one connection (more would
 * mean "database is locked"); WAL lets the read pool run alongside it. Pragmas go through
 * {@link SQLiteConfig} so every connection gets all of them. PostgreSQL gets ordinary Hikari pools.
 */
final class Database implements AutoCloseable {
    static final String MIGRATIONS = "classpath:db/migration/backend";
    private static final int SQLITE_READERS = 4;
    private static final int POSTGRES_READERS = 8;
    private static final int BUSY_TIMEOUT_MS = 10_000;

    final Vendor vendor;
    final DataSource writes;
    final DataSource reads;
    final int writerThreads;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;

    private Database(Vendor vendor, HikariDataSource writePool, HikariDataSource readPool, int writerThreads) {
        this.vendor = vendor;
        this.writePool = writePool;
        this.readPool = readPool;
        this.writes = writePool;
        this.reads = readPool;
        this.writerThreads = writerThreads;
    }

    /** Opens the database at {@code jdbcUrl}, creating and migrating it as needed. */
    static Database open(String jdbcUrl) {
        return open(jdbcUrl, null);
    }

    /**
     * Opens the database at {@code jdbcUrl}, creating and migrating it as needed.
     *
     * @param password PostgreSQL's password, given apart from the URL so it appears in no URL; null
     *     for none (or one in the URL)
     */
    static Database open(String jdbcUrl, String password) {
        Vendor vendor = Vendor.of(jdbcUrl);
        return vendor == Vendor.SQLITE ? openSqlite(jdbcUrl) : openPostgres(jdbcUrl, password);
    }

    /**
     * Applies the pending migrations of the database at {@code jdbcUrl} (creating a SQLite file if
     * needed) and returns their descriptions, e.g. {@code "2 token roles"}; empty when it was current.
     */
    static List<String> migrateOnly(String jdbcUrl, String password) {
        DataSource dataSource;
        if (Vendor.of(jdbcUrl) == Vendor.SQLITE) {
            createPrivateFile(jdbcUrl);
            dataSource = sqlite(jdbcUrl);
            return migrate(dataSource);
        }
        // Two connections: Flyway holds its lock on one while it migrates on the other.
        try (HikariDataSource pool = new HikariDataSource(postgresPool("deskphone-pg-migrate", jdbcUrl, password, 2))) {
            return migrate(pool);
        }
    }

    private static Database openSqlite(String jdbcUrl) {
        createPrivateFile(jdbcUrl);
        SQLiteDataSource writer = sqlite(jdbcUrl);
        migrate(writer);
        HikariDataSource writePool = pool("deskphone-sqlite-write", writer, 1);
        HikariDataSource readPool = pool("deskphone-sqlite-read", sqlite(jdbcUrl), SQLITE_READERS);
        return new Database(Vendor.SQLITE, writePool, readPool, 1);
    }

    private static Database openPostgres(String jdbcUrl, String password) {
        HikariConfig writeConfig = postgresPool("deskphone-pg-write", jdbcUrl, password, 2);
        HikariDataSource writePool = new HikariDataSource(writeConfig);
        try {
            migrate(writePool);
            HikariDataSource readPool =
                    new HikariDataSource(postgresPool("deskphone-pg-read", jdbcUrl, password, POSTGRES_READERS));
            return new Database(Vendor.POSTGRESQL, writePool, readPool, 2);
        } catch (RuntimeException e) {
            writePool.close();
            throw e;
        }
    }

    /**
     * WAL with synchronous=FULL: each commit is fsynced before it returns, so an event is durable
     * (even across power loss) before its 2xx; group commit pays that fsync once per batch.
     * IMMEDIATE transactions take the write lock up front, so a concurrent `token create` from the
     * CLI waits (busy timeout) instead of failing half way.
     */
    private static SQLiteDataSource sqlite(String jdbcUrl) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(jdbcUrl);
        return dataSource;
    }

    private static HikariDataSource pool(String name, DataSource dataSource, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new HikariDataSource(config);
    }

    static HikariConfig postgresPool(String name, String jdbcUrl, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setInitializationFailTimeout(10_000);
        return config;
    }

    private static List<String> migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .load()
                .migrate();
        return result.migrations.stream()
                .map(m -> m.version + " " + m.description)
                .toList();
    }

    /**
     * Writes a consistent copy of the SQLite database to {@code target} while writers go on:
     * {@code VACUUM INTO} reads one snapshot (WAL lets it run beside the writer) and writes a
     * compact, self-contained file (no -wal needed) that a server can open as it is.
     */
    void backupTo(Path target) throws SQLException {
        if (vendor != Vendor.SQLITE) {
            throw new IllegalStateException(
                    "only SQLite databases are backed up by Deskphone; back PostgreSQL up " + "with pg_dump");
        }
        try (Connection connection = reads.getConnection();
                PreparedStatement statement = connection.prepareStatement("VACUUM INTO ?")) {
            statement.setString(1, target.toAbsolutePath().toString());
            statement.execute();
        }
    }

    /**
     * Creates the SQLite file (and its directory) readable by the user only: it holds phone numbers.
     * SQLite gives its -wal and -shm files the database file's permissions.
     */
    private static void createPrivateFile(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path path = Path.of(file).toAbsolutePath();
        try {
            if (path.getParent() != null && !Files.isDirectory(path.getParent())) {
                Files.createDirectories(
                        path.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(path)) {
                // An empty file is an empty SQLite database.
                Files.createFile(
                        path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the database file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        readPool.close();
        writePool.close();
    }
}
