package dev.deskphone.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * The durable call-event queue: one SQLite file in WAL mode, one connection, every method
 * synchronized (SQLite has one writer; a second connection in this process would only wait for the
 * lock). {@link #append} commits before it returns, so an event the page was told is stored survives
 * {@code kill -9}; rows are deleted only once the backend acknowledged them.
 *
 * <p>Other processes ({@code deskphone events} commands) may open the same file: WAL lets them read
 * while the app writes, and {@code busy_timeout} makes their short writes wait instead of failing.
 */
public final class Outbox implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MS = 5_000;

    /** How a delivery attempt ended, recorded by {@link #record}. */
    public sealed interface Outcome {
        long seq();
    }

    public record Delivered(long seq) implements Outcome {}

    /** A retryable failure: the event stays pending. */
    public record Retrying(long seq, String error) implements Outcome {}

    /** A refusal: the event is parked as dead until retried by hand. */
    public record Refused(long seq, String error) implements Outcome {}

    public record Counts(int pending, int dead, int capacity) {}

    private final Connection db;
    private final boolean durable;
    private final int capacity;
    private int pending;
    private int dead;

    private Outbox(Connection db, int capacity, boolean durable) throws SQLException {
        this.db = db;
        this.durable = durable;
        this.capacity = capacity;
        refreshCounts();
    }

    /**
     * Opens (creating if needed) the outbox file.
     *
     * @param durable {@code true}: every commit is fsynced ({@code synchronous=FULL}), so events survive
     *     power loss too; {@code false}: {@code NORMAL}, which in WAL mode survives a crashed or killed
     *     process but may lose the last commits on power loss
     */
    public static Outbox open(Path file, int capacity, boolean durable) {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1, got " + capacity);
        }
        try {
            createPrivately(file);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(durable ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                OutboxSchema.migrate(db);
                return new Outbox(db, capacity, durable);
            } catch (SQLException | RuntimeException e) {
                db.close();
                throw e;
            }
        } catch (SQLException e) {
            if (OutboxSchema.damaged(e)) {
                throw new OutboxUnreadableException("damaged or not a database (" + e.getMessage() + ")", e);
            }
            throw new IllegalStateException("cannot open the call-event outbox " + file + ": " + e.getMessage(), e);
        }
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

    /**
     * Stores one event, committed when this returns, with its call's line in the {@link CallHistory}.
     * A {@code wrapup} removes its call's draft in the same transaction, so a crash can neither send
     * the wrap-up twice nor lose it.
     *
     * @throws OutboxFullException when {@code capacity} events are stored already
     */
    public synchronized OutboxEntry append(PageCallEvent event, BackendRequest request, long now) {
        if (pending + dead >= capacity) {
            throw new OutboxFullException(capacity);
        }
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
            pending++;
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
            rollback();
            throw new IllegalStateException("cannot store a call event in the outbox: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    /** The newest calls first, at most {@code limit}; only the missed ones if asked. */
    public synchronized List<CallHistory.Entry> history(int limit, boolean missedOnly) {
        try {
            return CallHistory.list(db, limit, missedOnly);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the call history: " + e.getMessage(), e);
        }
    }

    /** How many missed calls the agent has not seen in the history yet. */
    public synchronized int unseenMissed() {
        try {
            return CallHistory.unseenMissed(db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the call history: " + e.getMessage(), e);
        }
    }

    /** The agent opened the history: the missed calls so far are seen. */
    public synchronized void markHistorySeen() {
        try {
            CallHistory.markSeen(db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the call history: " + e.getMessage(), e);
        }
    }

    /** Keeps what a wrap-up form holds now (replacing the call's earlier draft). */
    public synchronized void saveDraft(WrapUpDraft draft) {
        try (PreparedStatement upsert = db.prepareStatement(
                "INSERT INTO wrapup_draft (call_id, disposition, notes, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (call_id) DO UPDATE SET disposition = excluded.disposition,"
                        + " notes = excluded.notes, updated_at = excluded.updated_at")) {
            upsert.setString(1, draft.callId());
            upsert.setString(2, draft.disposition());
            upsert.setString(3, draft.notes());
            upsert.setLong(4, draft.at());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a wrap-up draft in the outbox: " + e.getMessage(), e);
        }
    }

    /** Forgets a call's draft (its wrap-up was sent another way). */
    public synchronized void dropDraft(String callId) {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM wrapup_draft WHERE call_id = ?")) {
            delete.setString(1, callId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove a wrap-up draft from the outbox: " + e.getMessage(), e);
        }
    }

    /** The wrap-up forms left open, oldest edit first. */
    public synchronized List<WrapUpDraft> drafts() {
        List<WrapUpDraft> result = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM wrapup_draft ORDER BY updated_at, call_id")) {
            while (rs.next()) {
                result.add(new WrapUpDraft(
                        rs.getString("call_id"),
                        rs.getLong("updated_at"),
                        rs.getString("disposition"),
                        rs.getString("notes")));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the wrap-up drafts: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps a page message the app could not accept as an event, parked as dead with the reason: its
     * call's later events wait behind it instead of reaching the backend without their call, and
     * {@code deskphone events list} shows the call as not delivered. The body is the message as the
     * page sent it (nothing else is known of it).
     *
     * @throws OutboxFullException when {@code capacity} events are stored already
     */
    public synchronized OutboxEntry appendRefused(
            String callId, String event, long occurredAt, String path, String body, String error, long now) {
        if (pending + dead >= capacity) {
            throw new OutboxFullException(capacity);
        }
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
            dead++;
            return new OutboxEntry(seq, callId, event, occurredAt, key, path, body, now, 0, error, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a refused call event in the outbox: " + e.getMessage(), e);
        }
    }

    /**
     * Records what happened to sent events, in one transaction.
     *
     * <p>Not fsynced even in durable mode: losing this commit to a power cut only means the events go
     * again, and the backend answers a repeated idempotency key as a replay. Skipping the fsync keeps
     * it off the path of each call's next event and shortens the FX thread's wait for the lock. (WAL
     * frames are written in order, so the next fsynced append makes this commit durable too.)
     */
    public synchronized void record(Collection<? extends Outcome> outcomes, long now) {
        if (outcomes.isEmpty()) {
            return;
        }
        synchronous("NORMAL");
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM outbox WHERE seq = ?");
                PreparedStatement retry =
                        db.prepareStatement("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?");
                PreparedStatement refuse = db.prepareStatement(
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, dead_at = ? WHERE seq = ? AND dead_at IS NULL")) {
            db.setAutoCommit(false);
            int delivered = 0;
            int died = 0;
            for (Outcome outcome : outcomes) {
                if (outcome instanceof Delivered d) {
                    delete.setLong(1, d.seq());
                    delivered += delete.executeUpdate();
                } else if (outcome instanceof Retrying r) {
                    retry.setString(1, r.error());
                    retry.setLong(2, r.seq());
                    retry.executeUpdate();
                } else if (outcome instanceof Refused r) {
                    refuse.setString(1, r.error());
                    refuse.setLong(2, now);
                    refuse.setLong(3, r.seq());
                    died += refuse.executeUpdate();
                }
            }
            db.commit();
            pending -= delivered + died;
            dead += died;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot update the outbox: " + e.getMessage(), e);
        } finally {
            autoCommit();
            synchronous(durable ? "FULL" : "NORMAL");
        }
    }

    private void synchronous(String mode) {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA synchronous = " + mode);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the outbox's synchronous mode: " + e.getMessage(), e);
        }
    }

    /** Every stored event (or only the dead ones), oldest first. */
    public synchronized List<OutboxEntry> list(boolean deadOnly) {
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

    /** Puts one dead event back in line. Returns false if there is no dead event {@code seq}. */
    public synchronized boolean retry(long seq) {
        return revive("WHERE seq = " + seq + " AND dead_at IS NOT NULL") > 0;
    }

    /** Puts every dead event back in line; returns how many. */
    public synchronized int retryAll() {
        return revive("WHERE dead_at IS NOT NULL");
    }

    private int revive(String where) {
        try (Statement s = db.createStatement()) {
            int revived = s.executeUpdate("UPDATE outbox SET dead_at = NULL, attempts = 0 " + where);
            refreshCounts();
            return revived;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the outbox: " + e.getMessage(), e);
        }
    }

    /** The most events this outbox holds (fixed: no lock needed). */
    public int capacity() {
        return capacity;
    }

    public synchronized Counts counts() {
        return new Counts(pending, dead, capacity);
    }

    /** Re-reads the counts: another process ({@code deskphone events retry}) may have changed the file. */
    public synchronized void refreshCounts() {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) - COUNT(dead_at), COUNT(dead_at) FROM outbox")) {
            rs.next();
            pending = rs.getInt(1);
            dead = rs.getInt(2);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox: " + e.getMessage(), e);
        }
    }

    private static OutboxEntry entry(ResultSet rs) throws SQLException {
        long deadAt = rs.getLong("dead_at");
        Long dead = rs.wasNull() ? null : deadAt;
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

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // The original failure is the one reported.
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // Reported by the next statement, if the connection is really broken.
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the outbox: " + e.getMessage(), e);
        }
    }
}
