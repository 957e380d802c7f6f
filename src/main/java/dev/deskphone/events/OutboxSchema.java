package dev.deskphone.events;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The outbox file's tables, created or checked when it is opened.
 *
 * <p>{@code user_version} says which schema a file has. A higher one than {@link #VERSION} was
 * written by a newer Deskphone, whose rows this one might misread: it is refused, never migrated
 * down. Tables that only add a feature (the wrap-up drafts) are created {@code IF NOT EXISTS}
 * without raising the version, so an older Deskphone still opens the file and ignores them.
 */
final class OutboxSchema {
    static final int VERSION = 1;

    private OutboxSchema() {}

    static void migrate(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > VERSION) {
                throw new OutboxUnreadableException(
                        "written by a newer Deskphone (schema " + version + "; this one knows " + VERSION + ")", null);
            }
            db.setAutoCommit(false);
            if (version < 1) {
                s.executeUpdate("""
                        CREATE TABLE outbox (
                          seq INTEGER PRIMARY KEY AUTOINCREMENT,
                          call_id TEXT NOT NULL,
                          event TEXT NOT NULL,
                          occurred_at INTEGER NOT NULL,
                          idempotency_key TEXT NOT NULL UNIQUE,
                          path TEXT NOT NULL,
                          body TEXT NOT NULL,
                          enqueued_at INTEGER NOT NULL,
                          attempts INTEGER NOT NULL DEFAULT 0,
                          last_error TEXT,
                          dead_at INTEGER)""");
                s.executeUpdate("CREATE INDEX outbox_by_call ON outbox (call_id, seq)");
                s.executeUpdate("PRAGMA user_version = " + VERSION);
            }
            // What an open wrap-up form holds, one row per call: sent as the call's wrapup event
            // when the app quits or starts again after a crash (WrapUpDraft).
            s.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS wrapup_draft (
                      call_id TEXT PRIMARY KEY,
                      disposition TEXT,
                      notes TEXT,
                      updated_at INTEGER NOT NULL)""");
            // The recent calls, for the window's history and `deskphone history` (CallHistory).
            CallHistory.createTable(s);
            db.commit();
            db.setAutoCommit(true);
        }
    }

    /** True when SQLite says the file itself is unusable (as opposed to locked, unreadable or missing). */
    static boolean damaged(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            // Extended codes (SQLITE_CORRUPT_INDEX, ...) carry the primary code in their low byte.
            int primary = sqlite.getResultCode().code & 0xff;
            return primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code;
        }
        return false;
    }
}
