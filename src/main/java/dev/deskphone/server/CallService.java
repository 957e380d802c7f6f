package dev.deskphone.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * Accepts call events and answers queries. Knows the rules and the storage, not HTTP: events go
 * through the group-commit writer (each outcome is reported only after its commit), queries read
 * from the read pool.
 */
final class CallService {
    /** Idempotency keys are kept this long; after that a replay is still recognised by its content. */
    static final Duration KEY_RETENTION = Duration.ofDays(7);

    /** What an accepted event did. */
    enum Result {
        CREATED,
        UPDATED,
        REPLAYED
    }

    record Outcome(Result result, Call call) {}

    /** A page of calls and, when more follow, the position to continue from. */
    record Page(List<Call> calls, CallQuery.Position next) {}

    private final GroupCommitWriter writer;
    private final DataSource reads;
    private final CallRepository calls;
    private final IdempotencyKeys keys;
    private final Clock clock;

    CallService(GroupCommitWriter writer, DataSource reads, CallRepository calls, IdempotencyKeys keys, Clock clock) {
        this.writer = writer;
        this.reads = reads;
        this.calls = calls;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Records {@code event}. Completes with the outcome once committed, or exceptionally with
     * {@link CallNotFoundException}, {@link CallConflictException} or
     * {@link IdempotencyKeyReusedException}, or {@link ForbiddenException} when the call's account
     * is not the caller's to record.
     */
    CompletableFuture<Outcome> record(CallEvent event, Optional<IdempotencyKeys.Claim> claim, Caller caller) {
        try {
            caller.checkMayWrite();
        } catch (ForbiddenException e) {
            return CompletableFuture.failedFuture(e);
        }
        return writer.submit(connection -> record(connection, event, claim, caller));
    }

    private Outcome record(Connection connection, CallEvent event, Optional<IdempotencyKeys.Claim> claim, Caller caller)
            throws SQLException {
        if (event instanceof CallEvent.Create create) {
            caller.checkWrite(create.account());
        }
        if (claim.isPresent()) {
            Optional<IdempotencyKeys.Stored> stored =
                    keys.find(connection, claim.get().key());
            if (stored.isPresent()) {
                if (!stored.get().requestHash().equals(claim.get().requestHash())) {
                    throw new IdempotencyKeyReusedException();
                }
                Call current = calls.find(connection, stored.get().callId())
                        .orElseThrow(
                                () -> new CallNotFoundException(stored.get().callId()));
                caller.checkWrite(current.created().account());
                return new Outcome(Result.REPLAYED, current);
            }
        }
        long now = clock.millis();
        Outcome outcome = event instanceof CallEvent.Create create
                ? create(connection, create, now)
                : change(connection, event, caller, now);
        if (claim.isPresent()) {
            keys.record(connection, claim.get(), event.callId(), now);
        }
        return outcome;
    }

    private Outcome create(Connection connection, CallEvent.Create event, long now) throws SQLException {
        Call call = Call.created(event, now);
        if (calls.insert(connection, call)) {
            return new Outcome(Result.CREATED, call);
        }
        Call existing = calls.find(connection, event.id()).orElseThrow(() -> new CallNotFoundException(event.id()));
        return new Outcome(Result.REPLAYED, CallRules.apply(existing, event, now));
    }

    private Outcome change(Connection connection, CallEvent event, Caller caller, long now) throws SQLException {
        Call current = calls.findForUpdate(connection, event.callId())
                .orElseThrow(() -> new CallNotFoundException(event.callId()));
        caller.checkWrite(current.created().account());
        Call next = CallRules.apply(current, event, now);
        if (next == current) {
            return new Outcome(Result.REPLAYED, current);
        }
        calls.update(connection, next);
        return new Outcome(Result.UPDATED, next);
    }

    Optional<Call> find(String id) throws SQLException {
        try (Connection connection = reads.getConnection()) {
            return calls.find(connection, id);
        }
    }

    Page list(CallQuery query) throws SQLException {
        List<Call> rows;
        try (Connection connection = reads.getConnection()) {
            rows = calls.list(connection, query);
        }
        if (rows.size() <= query.limit()) {
            return new Page(rows, null);
        }
        List<Call> page = rows.subList(0, query.limit());
        Call last = page.get(page.size() - 1);
        return new Page(page, new CallQuery.Position(last.startedAt(), last.id()));
    }

    List<AccountTotals> totals(Long from, Long to, java.util.Set<String> accounts) throws SQLException {
        try (Connection connection = reads.getConnection()) {
            return calls.totals(connection, from, to, accounts);
        }
    }

    /** Forgets idempotency keys older than {@link #KEY_RETENTION}. */
    CompletableFuture<Integer> pruneIdempotencyKeys() {
        long cutoff = clock.millis() - KEY_RETENTION.toMillis();
        return writer.submit(connection -> keys.deleteOlderThan(connection, cutoff));
    }

    /**
     * Deletes up to {@code batch} calls started before {@code cutoff}, and their idempotency keys,
     * in one transaction; completes with how many calls went.
     */
    CompletableFuture<Integer> deleteCallsStartedBefore(long cutoff, int batch) {
        return writer.submit(connection -> {
            List<String> ids = calls.idsStartedBefore(connection, cutoff, batch);
            keys.deleteForCalls(connection, ids);
            return calls.delete(connection, ids);
        });
    }

    /** Deletes up to {@code batch} idempotency keys made before {@code cutoff}; how many went. */
    CompletableFuture<Integer> deleteKeysOlderThan(long cutoff, int batch) {
        return writer.submit(connection -> keys.deleteOlderThan(connection, cutoff, batch));
    }

    /** True when the database answers a trivial query. */
    boolean databaseReachable() {
        try (Connection connection = reads.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
