package dev.deskphone.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
        String key = UUID.randomUUID().toString();
        boolean wrapUp = event instanceof PageCallEvent.WrapUp;
        try (PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO outbox (call_id, event, occurred_at, idempotency_key, path, body, enqueued_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS);
                PreparedStatement dropDraft = db.prepareStatement("DELETE FROM wrapup_draft WHERE call_id = ?")) {
            db.setAutoCommit(false);
            insert.setString(1, event.callId());
            insert.setString(2, event.event());
            insert.setLong(3, event.at());
            insert.setString(4, key);
            insert.setString(5, request.path());
            insert.setString(6, request.body());
            insert.setLong(7, now);
            insert.executeUpdate();
            long seq;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                seq = keys.getLong(1);
            }
            if (wrapUp) {
                dropDraft.setString(1, event.callId());
                dropDraft.executeUpdate();
            }
            CallHistory.record(db, event);
            db.commit();
            return new OutboxEntry(
                    seq,
                    event.callId(),
                    event.event(),
                    event.at(),
                    key,
                    request.path(),
                    request.body(),
                    now,
                    0,
                    null,
                    null);
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
        String key = UUID.randomUUID().toString();
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO outbox (call_id, event, occurred_at, idempotency_key, path, body, enqueued_at, last_error, dead_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, callId);
            insert.setString(2, event);
            insert.setLong(3, occurredAt);
            insert.setString(4, key);
            insert.setString(5, path);
            insert.setString(6, body);
            insert.setLong(7, now);
            insert.setString(8, error);
            insert.setLong(9, now);
            insert.executeUpdate();
            long seq;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                seq = keys.getLong(1);
            }
            return new OutboxEntry(seq, callId, event, occurredAt, key, path, body, now, 0, error, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a refused call event in the outbox: " + e.getMessage(), e);
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
