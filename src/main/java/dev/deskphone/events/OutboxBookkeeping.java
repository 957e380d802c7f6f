package dev.deskphone.events;

import dev.deskphone.platform.Threads;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery loop's outbox writes and re-reads, on a thread of their own
 * ({@code deskphone-events-outbox}): the FX thread may hold the outbox for an fsync, and sending
 * must not wait for it.
 */
final class OutboxBookkeeping {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    /**
     * The outbox file as it is after every outcome recorded so far. Taken every few seconds because
     * another process ({@code deskphone events retry}) may revive dead events.
     *
     * @param batches how many outcome batches the loop had recorded when it asked
     * @param refusals how many refusals the loop had seen when it asked
     * @param stored the whole outbox, read only when its pending count differs from the picture's
     */
    record Snapshot(long batches, long refusals, Outbox.Counts counts, Set<Long> dead, List<OutboxEntry> stored) {}

    private final Outbox outbox;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Snapshot> snapshots = new ConcurrentLinkedQueue<>();

    OutboxBookkeeping(Outbox outbox) {
        this.outbox = outbox;
        this.executor = Executors.newSingleThreadExecutor(runnable -> Threads.create("deskphone-events-outbox", () -> {
            try {
                runnable.run();
            } catch (RuntimeException e) {
                // Not fatal: an outcome not recorded means the event is sent again (a replay).
                log.error("Updating the outbox failed", e);
            }
        }));
    }

    /** Records delivery outcomes, later, in order with the other bookkeeping. */
    void record(List<Outbox.Outcome> outcomes, long at) {
        executor.execute(() -> outbox.record(outcomes, at));
    }

    /** Re-reads the outbox; the snapshot is then {@link #poll polled}, after {@code ready} runs. */
    void requestSnapshot(long batches, long refusals, int expectedPending, Runnable ready) {
        executor.execute(() -> {
            outbox.refreshCounts();
            Outbox.Counts counts = outbox.counts();
            Set<Long> dead = outbox.list(true).stream().map(OutboxEntry::seq).collect(Collectors.toSet());
            List<OutboxEntry> stored = counts.pending() != expectedPending ? outbox.list(false) : null;
            snapshots.add(new Snapshot(batches, refusals, counts, dead, stored));
            ready.run();
        });
    }

    /** The next snapshot taken, or null. */
    Snapshot poll() {
        return snapshots.poll();
    }

    /** Lets what is queued finish (bounded). */
    void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Outbox bookkeeping still running at close; the events concerned will be sent again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
