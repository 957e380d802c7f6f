package dev.deskphone.events;

import dev.deskphone.platform.SqlColumns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The agent's recent calls, kept in the outbox file beside the events. The outbox deletes an event
 * once the backend has it, so the history cannot be read from it: each stored event also updates
 * its call's row here, in the same transaction, and only the newest {@link #KEEP} calls are kept.
 *
 * <p>A call is <em>missed</em> when it came in and ended unanswered as {@code missed} (the caller
 * gave up, or the phone refused it while the agent was unavailable); declining a call is not missing it.
 */
public final class CallHistory {
    /** How many calls the history keeps (oldest dropped first). */
    public static final int KEEP = 500;

    /**
     * One call as the history shows it.
     *
     * @param unavailable why the phone refused the call itself: {@code dnd} or {@code after-call-work}; null otherwise
     * @param seen whether the agent has looked at the history since this missed call
     */
    public record Entry(
            String callId,
            String direction,
            String account,
            String profile,
            String remoteUri,
            String remoteName,
            long startedAt,
            Long answeredAt,
            Long endedAt,
            String reason,
            Integer sipStatus,
            String unavailable,
            String disposition,
            boolean missed,
            boolean seen) {
        /** Answered to ended, in milliseconds; 0 for a call never answered or not yet ended. */
        public long talkMillis() {
            return answeredAt == null || endedAt == null ? 0 : Math.max(0, endedAt - answeredAt);
        }

        /** What became of the call: its end reason, the wrap-up's disposition once there is one. */
        public String outcome() {
            if (endedAt == null) {
                return "in progress";
            }
            return disposition != null ? reason + " (" + disposition + ")" : reason;
        }
    }

    private CallHistory() {}

    static void createTable(Statement s) throws SQLException {
        s.executeUpdate("""
                CREATE TABLE IF NOT EXISTS call_history (
                  call_id TEXT PRIMARY KEY,
                  direction TEXT NOT NULL,
                  account TEXT NOT NULL,
                  profile TEXT NOT NULL,
                  remote_uri TEXT NOT NULL,
                  remote_name TEXT,
                  started_at INTEGER NOT NULL,
                  answered_at INTEGER,
                  ended_at INTEGER,
                  reason TEXT,
                  sip_status INTEGER,
                  unavailable TEXT,
                  disposition TEXT,
                  seen INTEGER NOT NULL DEFAULT 0)""");
        s.executeUpdate("CREATE INDEX IF NOT EXISTS call_history_by_start ON call_history (started_at)");
    }

    /** Applies one stored event to its call's row; the caller's transaction commits both. */
    static void record(Connection db, PageCallEvent event) throws SQLException {
        if (event instanceof PageCallEvent.Created c) {
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT OR IGNORE INTO call_history (call_id, direction, account, profile, remote_uri,"
                            + " remote_name, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, c.callId());
                insert.setString(2, c.direction());
                insert.setString(3, c.account());
                insert.setString(4, c.profile());
                insert.setString(5, c.remoteUri());
                insert.setString(6, c.remoteDisplayName());
                insert.setLong(7, c.at());
                insert.executeUpdate();
            }
            try (PreparedStatement trim = db.prepareStatement("DELETE FROM call_history WHERE call_id IN"
                    + " (SELECT call_id FROM call_history ORDER BY started_at DESC, call_id LIMIT -1 OFFSET ?)")) {
                trim.setInt(1, KEEP);
                trim.executeUpdate();
            }
        } else if (event instanceof PageCallEvent.Answered a) {
            update(db, "UPDATE call_history SET answered_at = ? WHERE call_id = ?", a.callId(), a.at());
        } else if (event instanceof PageCallEvent.Ended e) {
            try (PreparedStatement ended = db.prepareStatement("UPDATE call_history SET ended_at = ?, reason = ?,"
                    + " sip_status = ?, unavailable = ? WHERE call_id = ?")) {
                ended.setLong(1, e.at());
                ended.setString(2, e.reason());
                ended.setObject(3, e.sipStatus());
                ended.setString(4, e.unavailable());
                ended.setString(5, e.callId());
                ended.executeUpdate();
            }
        } else if (event instanceof PageCallEvent.WrapUp w && w.disposition() != null) {
            try (PreparedStatement wrapped =
                    db.prepareStatement("UPDATE call_history SET disposition = ? WHERE call_id = ?")) {
                wrapped.setString(1, w.disposition());
                wrapped.setString(2, w.callId());
                wrapped.executeUpdate();
            }
        }
    }

    private static void update(Connection db, String sql, String callId, long at) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setLong(1, at);
            statement.setString(2, callId);
            statement.executeUpdate();
        }
    }

    /** The newest calls first, at most {@code limit}; only the missed ones if asked. */
    static List<Entry> list(Connection db, int limit, boolean missedOnly) throws SQLException {
        String sql = "SELECT * FROM call_history" + (missedOnly ? " WHERE " + MISSED : "")
                + " ORDER BY started_at DESC, call_id LIMIT ?";
        List<Entry> result = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement(sql)) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    result.add(entry(rs));
                }
            }
        }
        return result;
    }

    /** Missed calls the agent has not seen in the history yet. */
    static int unseenMissed(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM call_history WHERE " + MISSED + " AND seen = 0")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The agent opened the history: every missed call so far counts as seen. */
    static void markSeen(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE call_history SET seen = 1 WHERE seen = 0");
        }
    }

    private static final String MISSED = "direction = 'inbound' AND reason = 'missed'";

    /**
     * Reads the history of an outbox file without the running app's help ({@code deskphone history}).
     *
     * <p>Safe while the app runs: the file is in WAL mode, where a reader sees the last committed
     * state and never blocks the app's writer (nor the writer it). The connection is read-only, so
     * it cannot take the write lock, change a row or run a checkpoint that the app would wait for.
     *
     * @return empty when the file does not exist or has no history yet (a Deskphone before the history)
     */
    public static List<Entry> read(Path file, int limit, boolean missedOnly) {
        if (!Files.exists(file)) {
            return List.of();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        try (Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'call_history'")) {
                if (!rs.next() || rs.getInt(1) == 0) {
                    return List.of();
                }
            }
            return list(db, limit, missedOnly);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the call history in " + file + ": " + e.getMessage(), e);
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(
                rs.getString("call_id"),
                rs.getString("direction"),
                rs.getString("account"),
                rs.getString("profile"),
                rs.getString("remote_uri"),
                rs.getString("remote_name"),
                rs.getLong("started_at"),
                SqlColumns.nullableLong(rs, "answered_at"),
                SqlColumns.nullableLong(rs, "ended_at"),
                rs.getString("reason"),
                SqlColumns.nullableInt(rs, "sip_status"),
                rs.getString("unavailable"),
                rs.getString("disposition"),
                "inbound".equals(rs.getString("direction")) && "missed".equals(rs.getString("reason")),
                rs.getInt("seen") != 0);
    }
}
