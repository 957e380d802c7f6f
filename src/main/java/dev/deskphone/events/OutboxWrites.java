package dev.deskphone.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collection;
import java.util.UUID;

/**
 * The outbox's write path: storing events and recording delivery outcomes, each in one
 * transaction. Callers hold the outbox's lock and keep its counts.
 */
final class OutboxWrites {
    private OutboxWrites() {}

    /** Stores one event with its call's history line; a {@code wrapup} removes its call's draft too. */
    static OutboxEntry insert(Connection db, PageCallEvent event, BackendRequest request, long now) {
        boolean wrapUp = event instanceof PageCallEvent.WrapUp;
        try (PreparedStatement dropDraft = db.prepareStatement("DELETE FROM wrapup_draft WHERE call_id = ?")) {
            db.setAutoCommit(false);
            OutboxEntry entry = insertRow(
                    db, new Row(event.callId(), event.event(), event.at(), request.path(), request.body()), null, now);
            if (wrapUp) {
                dropDraft.setString(1, event.callId());
                dropDraft.executeUpdate();
            }
            CallHistory.record(db, event);
            db.commit();
            return entry;
        } catch (SQLException e) {
            OutboxConnection.rollback(db);
            throw new IllegalStateException("cannot store a call event in the outbox: " + e.getMessage(), e);
        } finally {
            OutboxConnection.autoCommit(db);
        }
    }

    /** Stores a page message the app could not accept, parked as dead with {@code error}. */
    static OutboxEntry insertRefused(
            Connection db,
            String callId,
            String event,
            long occurredAt,
            String path,
            String body,
            String error,
            long now) {
        try {
            return insertRow(db, new Row(callId, event, occurredAt, path, body), error, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a refused call event in the outbox: " + e.getMessage(), e);
        }
    }

    /** What a new row says of its event: which call, which event and when, and the request to send. */
    private record Row(String callId, String event, long occurredAt, String path, String body) {}

    /**
     * Inserts one row under a new idempotency key and returns it as stored: waiting to be sent, or
     * with an {@code error} parked as dead at {@code now}.
     */
    private static OutboxEntry insertRow(Connection db, Row row, String error, long now) throws SQLException {
        String key = UUID.randomUUID().toString();
        Long deadAt = error == null ? null : now;
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO outbox (call_id, event, occurred_at, idempotency_key, path, body, enqueued_at, last_error, dead_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, row.callId());
            insert.setString(2, row.event());
            insert.setLong(3, row.occurredAt());
            insert.setString(4, key);
            insert.setString(5, row.path());
            insert.setString(6, row.body());
            insert.setLong(7, now);
            insert.setString(8, error);
            insert.setObject(9, deadAt, Types.BIGINT);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new OutboxEntry(
                        keys.getLong(1),
                        row.callId(),
                        row.event(),
                        row.occurredAt(),
                        key,
                        row.path(),
                        row.body(),
                        now,
                        0,
                        error,
                        deadAt);
            }
        }
    }

    /**
     * Records what happened to sent events.
     *
     * @return how many rows were deleted as delivered and how many parked as dead, in that order
     */
    static int[] record(Connection db, Collection<? extends Outbox.Outcome> outcomes, long now) {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM outbox WHERE seq = ?");
                PreparedStatement retry =
                        db.prepareStatement("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?");
                PreparedStatement refuse = db.prepareStatement(
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, dead_at = ? WHERE seq = ? AND dead_at IS NULL")) {
            db.setAutoCommit(false);
            int delivered = 0;
            int died = 0;
            for (Outbox.Outcome outcome : outcomes) {
                if (outcome instanceof Outbox.Delivered d) {
                    delete.setLong(1, d.seq());
                    delivered += delete.executeUpdate();
                } else if (outcome instanceof Outbox.Retrying r) {
                    retry.setString(1, r.error());
                    retry.setLong(2, r.seq());
                    retry.executeUpdate();
                } else if (outcome instanceof Outbox.Refused r) {
                    refuse.setString(1, r.error());
                    refuse.setLong(2, now);
                    refuse.setLong(3, r.seq());
                    died += refuse.executeUpdate();
                }
            }
            db.commit();
            return new int[] {delivered, died};
        } catch (SQLException e) {
            OutboxConnection.rollback(db);
            throw new IllegalStateException("cannot update the outbox: " + e.getMessage(), e);
        } finally {
            OutboxConnection.autoCommit(db);
        }
    }
}
