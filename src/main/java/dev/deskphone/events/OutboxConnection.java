package dev.deskphone.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** Opening the outbox's SQLite file (private to its owner, WAL mode) and the connection's settings. */
final class OutboxConnection {
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private OutboxConnection() {}

    /**
     * Creates the file if needed and connects to it, not yet migrated.
     *
     * @param durable {@code synchronous=FULL} rather than {@code NORMAL}
     */
    static Connection open(Path file, boolean durable) throws SQLException {
        createPrivately(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durable ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** The file holds phone numbers and names: readable by its owner only (as the backend's database). */
    private static void createPrivately(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // Opened again: keep it as it is.
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the user's data directory is private already.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    static void synchronous(Connection db, String mode) {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA synchronous = " + mode);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the outbox's synchronous mode: " + e.getMessage(), e);
        }
    }

    /** Undoes the open transaction after a failure. */
    static void rollback(Connection db) {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // The original failure is the one reported.
        }
    }

    static void autoCommit(Connection db) {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // Reported by the next statement, if the connection is really broken.
        }
    }
}
