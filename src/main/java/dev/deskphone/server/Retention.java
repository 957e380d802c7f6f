package dev.deskphone.server;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes calls started more than the retention period ago, with their idempotency keys, and keys
 * older than the period. Small batches, each its own transaction through the group-commit writer,
 * so events keep flowing and no PostgreSQL transaction holds thousands of row locks.
 */
final class Retention implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 500;

    /** What one pass deleted. */
    record Deleted(int calls, int keys) {}

    private final CallService service;
    private final Duration period;
    private final Clock clock;

    Retention(CallService service, int days, Clock clock) {
        this.service = service;
        this.period = Duration.ofDays(days);
        this.clock = clock;
    }

    /** One scheduled pass: logs what it deleted, and logs (never throws) a failure, so the schedule goes on. */
    @Override
    public void run() {
        try {
            Deleted deleted = deleteExpired();
            log.info(
                    "retention ({} days): deleted {} calls and {} idempotency keys",
                    period.toDays(),
                    deleted.calls(),
                    deleted.keys());
        } catch (RuntimeException e) {
            log.warn("retention ({} days) failed, next pass in a day: {}", period.toDays(), e.getMessage());
        }
    }

    /** Deletes everything older than the period, batch by batch, until a batch comes back short. */
    Deleted deleteExpired() {
        long cutoff = clock.millis() - period.toMillis();
        int calls = 0;
        int batch;
        do {
            batch = service.deleteCallsStartedBefore(cutoff, BATCH).join();
            calls += batch;
        } while (batch == BATCH);
        int keys = 0;
        do {
            batch = service.deleteKeysOlderThan(cutoff, BATCH).join();
            keys += batch;
        } while (batch == BATCH);
        return new Deleted(calls, keys);
    }
}
