package dev.deskphone.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.List;

/** {@code deskphone server migrate} and {@code deskphone server backup}: work on a database, then done. */
public final class BackendMaintenance {
    private BackendMaintenance() {}

    /**
     * Brings the database's schema up to date and returns what was applied, one line per
     * migration ({@code "2 token roles"}); empty when it was current.
     *
     * @param password PostgreSQL's password, or null
     * @throws IllegalStateException with a one-line reason when the database is unusable
     */
    public static List<String> migrate(String jdbcUrl, String password) {
        try {
            return Database.migrateOnly(jdbcUrl, password);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot migrate " + JdbcUrls.redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
    }

    /**
     * Copies the SQLite database at {@code jdbcUrl} to {@code target}, a new file, consistently and
     * while a server keeps writing to it.
     *
     * @throws IllegalArgumentException if {@code target} exists already or the database is PostgreSQL
     * @throws IllegalStateException with a one-line reason when the copy fails
     */
    public static void backup(String jdbcUrl, Path target) {
        if (Vendor.of(jdbcUrl) != Vendor.SQLITE) {
            throw new IllegalArgumentException("Deskphone backs up SQLite databases only; back PostgreSQL up with "
                    + "pg_dump (see the deployment guide)");
        }
        Database database;
        try {
            database = Database.open(jdbcUrl);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open " + JdbcUrls.redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try (database) {
            backup(database, target);
        }
    }

    static void backup(Database database, Path target) {
        // Created empty and private first: VACUUM INTO accepts an empty file, and the copy holds phone numbers.
        try {
            Files.createFile(
                    target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(
                    target + " exists already: choose a new file, a backup never " + "overwrites one");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + target + ": " + e.getMessage(), e);
        }
        try {
            database.backupTo(target);
        } catch (SQLException | RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // the backup failed already; that is the error worth reporting
            }
            throw new IllegalStateException("backup to " + target + " failed: " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
