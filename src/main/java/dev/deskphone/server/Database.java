package dev.deskphone.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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
        Vendor vendor = Vendor.of(jdbcUrl);
        return vendor == Vendor.SQLITE ? openSqlite(jdbcUrl) : openPostgres(jdbcUrl);
    }

    private static Database openSqlite(String jdbcUrl) {
        createPrivateFile(jdbcUrl);
        SQLiteDataSource writer = sqlite(jdbcUrl);
        migrate(writer);
        HikariDataSource writePool = pool("deskphone-sqlite-write", writer, 1);
        HikariDataSource readPool = pool("deskphone-sqlite-read", sqlite(jdbcUrl), SQLITE_READERS);
        return new Database(Vendor.SQLITE, writePool, readPool, 1);
    }

    private static Database openPostgres(String jdbcUrl) {
        HikariConfig writeConfig = postgresPool("deskphone-pg-write", jdbcUrl, 2);
        HikariDataSource writePool = new HikariDataSource(writeConfig);
        try {
            migrate(writePool);
            HikariDataSource readPool = new HikariDataSource(postgresPool("deskphone-pg-read", jdbcUrl, POSTGRES_READERS));
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

    private static HikariConfig postgresPool(String name, String jdbcUrl, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setInitializationFailTimeout(10_000);
        return config;
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
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
                Files.createDirectories(path.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(path)) {
                // An empty file is an empty SQLite database.
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
