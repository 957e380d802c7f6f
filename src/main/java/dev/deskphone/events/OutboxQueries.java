package dev.deskphone.events;

import dev.deskphone.platform.SqlColumns;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reading the outbox's stored events and putting dead ones back in line; callers hold the outbox's lock. */
final class OutboxQueries {
    private OutboxQueries() {}

    /** Every stored event (or only the dead ones), oldest first. */
    static List<OutboxEntry> list(Connection db, boolean deadOnly) {
        String sql = "SELECT * FROM outbox" + (deadOnly ? " WHERE dead_at IS NOT NULL" : "") + " ORDER BY seq";
        List<OutboxEntry> result = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.add(entry(rs));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox: " + e.getMessage(), e);
        }
    }

    /** Clears the dead mark (and the attempts) of the events {@code where} selects; returns how many. */
    static int revive(Connection db, String where) {
        try (Statement s = db.createStatement()) {
            return s.executeUpdate("UPDATE outbox SET dead_at = NULL, attempts = 0 " + where);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the outbox: " + e.getMessage(), e);
        }
    }

    /** How many events are pending and how many dead, in that order. */
    static int[] counts(Connection db) {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) - COUNT(dead_at), COUNT(dead_at) FROM outbox")) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2)};
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox: " + e.getMessage(), e);
        }
    }

    private static OutboxEntry entry(ResultSet rs) throws SQLException {
        Long dead = SqlColumns.nullableLong(rs, "dead_at");
        return new OutboxEntry(
                rs.getLong("seq"),
                rs.getString("call_id"),
                rs.getString("event"),
                rs.getLong("occurred_at"),
                rs.getString("idempotency_key"),
                rs.getString("path"),
                rs.getString("body"),
                rs.getLong("enqueued_at"),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                dead);
    }
}
