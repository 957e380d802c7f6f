package dev.deskphone.events;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

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
            Connection db = OutboxConnection.open(file, durable);
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
        OutboxEntry entry = OutboxWrites.insert(db, event, request, now);
        pending++;
        return entry;
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
        WrapUpDrafts.save(db, draft);
    }

    /** Forgets a call's draft (its wrap-up was sent another way). */
    public synchronized void dropDraft(String callId) {
        WrapUpDrafts.drop(db, callId);
    }

    /** The wrap-up forms left open, oldest edit first. */
    public synchronized List<WrapUpDraft> drafts() {
        return WrapUpDrafts.list(db);
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
        OutboxEntry entry = OutboxWrites.insertRefused(db, callId, event, occurredAt, path, body, error, now);
        dead++;
        return entry;
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
        OutboxConnection.synchronous(db, "NORMAL");
        try {
            int[] changed = OutboxWrites.record(db, outcomes, now);
            pending -= changed[0] + changed[1];
            dead += changed[1];
        } finally {
            OutboxConnection.synchronous(db, durable ? "FULL" : "NORMAL");
        }
    }

    /** Every stored event (or only the dead ones), oldest first. */
    public synchronized List<OutboxEntry> list(boolean deadOnly) {
        return OutboxQueries.list(db, deadOnly);
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
        int revived = OutboxQueries.revive(db, where);
        refreshCounts();
        return revived;
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
        int[] counts = OutboxQueries.counts(db);
        pending = counts[0];
        dead = counts[1];
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
