package dev.deskphone.events;

import dev.deskphone.platform.Threads;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox to the backend, on one thread of its own ({@code deskphone-events}).
 *
 * <p>Each pass: record the outcomes of finished requests (one transaction), then send the oldest
 * stored event of every call that has none in flight, up to {@link DeliveryPolicy#maxInFlight}. So a
 * call's events arrive in order while different calls go in parallel (the drain rate after an
 * outage). Every attempt of an event carries the same {@code Idempotency-Key}: a retry after a lost
 * response is a replay at the server, never a second row.
 *
 * <p>Failures: network errors, timeouts, 408, 429 and 5xx mean the backend is unwell, not the event:
 * everything pauses ({@link BackendHealth}), then one request probes, and success resumes full
 * speed. 401 means the token is refused: the same, shown as {@code unauthorized}. Any other 4xx
 * refuses that event ({@link BackendClient#classify}): it is parked as dead (kept, logged, retried
 * by {@code deskphone events retry}), and its call's later events wait behind it. That includes
 * 403: the token is valid but may not record this call (an agent token for other accounts), which
 * is the event's problem, not the backend's; the server's message says why.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final long IDLE_POLL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long PROBE = -1;

    private final Outbox outbox;
    private final BackendEndpoint endpoint;
    private final DeliveryPolicy policy;
    private final Consumer<OutboxEntry> onDelivered;
    private final InstantSource wallClock;
    private final LongSupplier nanoTime;
    private final BackendClient client;
    private final BackendHealth health;
    private final DeliveryLog deliveryLog;
    private final Thread thread;

    private final LoopSignal signal = new LoopSignal();
    private final StatusPublisher status;
    private volatile boolean closed;
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<OutboxEntry> arrivals = new ConcurrentLinkedQueue<>();

    // Loop thread only.
    private final DeliveryQueue queue = new DeliveryQueue();
    private final OutboxBookkeeping bookkeeping;
    private long recordedBatches;
    private long refusals;
    private final Set<Long> inFlight = new HashSet<>();
    private long lastRefresh;

    /** What one request came back with. {@code entry} is null for a probe without an event. */
    private record Result(OutboxEntry entry, BackendAnswer answer) {}

    public Forwarder(
            Outbox outbox,
            BackendEndpoint endpoint,
            DeliveryPolicy policy,
            Consumer<BackendStatus> statusListener,
            RandomGenerator random) {
        this(outbox, endpoint, policy, statusListener, random, entry -> {});
    }

    /**
     * @param onDelivered called on an HTTP thread as soon as the backend acknowledged an event (it is
     *     committed there), before the outbox row is deleted; for latency measurements
     */
    public Forwarder(
            Outbox outbox,
            BackendEndpoint endpoint,
            DeliveryPolicy policy,
            Consumer<BackendStatus> statusListener,
            RandomGenerator random,
            Consumer<OutboxEntry> onDelivered) {
        this(outbox, endpoint, policy, statusListener, random, onDelivered, InstantSource.system(), System::nanoTime);
    }

    /**
     * @param wallClock for the outbox's timestamps and a {@code Retry-After} date only
     * @param nanoTime the monotonic clock that times retries, status updates and outbox refreshes
     */
    Forwarder(
            Outbox outbox,
            BackendEndpoint endpoint,
            DeliveryPolicy policy,
            Consumer<BackendStatus> statusListener,
            RandomGenerator random,
            Consumer<OutboxEntry> onDelivered,
            InstantSource wallClock,
            LongSupplier nanoTime) {
        this.onDelivered = onDelivered;
        this.outbox = outbox;
        this.endpoint = endpoint;
        this.policy = policy;
        this.status = new StatusPublisher(statusListener);
        this.wallClock = wallClock;
        this.nanoTime = nanoTime;
        this.client = new BackendClient(endpoint, policy, wallClock);
        this.health = new BackendHealth(policy, random, nanoTime);
        this.deliveryLog = new DeliveryLog(endpoint);
        this.lastRefresh = nanoTime.getAsLong() - IDLE_POLL_NANOS;
        this.bookkeeping = new OutboxBookkeeping(outbox);
        this.thread = Threads.create("deskphone-events", this::run);
    }

    /** Starts delivering what the outbox holds (events left by an earlier run first). */
    public Forwarder start() {
        thread.start();
        return this;
    }

    /** An event was just stored in the outbox: send it as soon as its call allows. Any thread. */
    public void offer(OutboxEntry entry) {
        arrivals.add(entry);
        wake();
    }

    private void wake() {
        signal.wake();
    }

    private void run() {
        log.info("Delivering call events to {}", endpoint.baseUrl());
        boolean loaded = false;
        while (!closed) {
            try {
                if (!loaded) {
                    queue.load(outbox.list(false)); // what earlier runs left, then what arrives
                    loaded = true;
                }
                pass();
                await(nextWakeInNanos());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The outbox itself failed (disk full, file removed): keep trying, slowly.
                log.error("Call-event delivery failed; trying again in {}", policy.backoffCap(), e);
                try {
                    Thread.sleep(policy.backoffCap().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void pass() {
        long now = nanoTime.getAsLong();
        for (OutboxEntry entry; (entry = arrivals.poll()) != null; ) {
            queue.add(entry);
        }
        List<Outbox.Outcome> outcomes = new ArrayList<>();
        for (Result result; (result = results.poll()) != null; ) {
            handle(result, outcomes);
        }
        if (!closed) {
            dispatch();
        }
        if (!outcomes.isEmpty()) {
            recordedBatches++;
        }
        for (OutboxBookkeeping.Snapshot snapshot; (snapshot = bookkeeping.poll()) != null; ) {
            apply(snapshot);
        }
        // Before the outcomes reach the outbox: whoever sees them there sees the state they brought.
        publishStatus(now);
        if (!outcomes.isEmpty()) {
            // Off this thread: the FX thread may hold the outbox for an fsync, and sending must not wait.
            long at = wallClock.millis();
            bookkeeping.record(outcomes, at);
        }
        if (now - lastRefresh >= IDLE_POLL_NANOS) {
            requestSnapshot();
            lastRefresh = now;
        }
    }

    /** Asks for a fresh picture of the outbox file: another process may have revived dead events. */
    private void requestSnapshot() {
        bookkeeping.requestSnapshot(recordedBatches, refusals, queue.pending(), this::wake);
    }

    /** Applies a snapshot if nothing changed since it was asked for (else the next one will do). */
    private void apply(OutboxBookkeeping.Snapshot snapshot) {
        if (snapshot.batches() != recordedBatches || snapshot.refusals() != refusals) {
            return;
        }
        if (snapshot.counts().dead() < queue.blockedCalls()) {
            queue.revive(snapshot.dead());
        }
        if (snapshot.stored() != null
                && queue.nothingInFlight()
                && arrivals.isEmpty()
                && snapshot.counts().pending() != queue.pending()) {
            log.info(
                    "Re-reading the outbox ({} events pending, {} expected)",
                    snapshot.counts().pending(),
                    queue.pending());
            queue.reload(snapshot.stored());
        }
    }

    private void handle(Result result, List<Outbox.Outcome> outcomes) {
        OutboxEntry entry = result.entry();
        BackendAnswer answer = result.answer();
        inFlight.remove(entry == null ? PROBE : entry.seq());
        if (answer.reachedBackend()) {
            boolean known = health.known();
            if (health.answered()) {
                deliveryLog.reachable(known, queue.pending());
            }
            if (entry == null) {
                return;
            }
            if (answer instanceof BackendAnswer.Refused) {
                queue.refused(entry);
                refusals++;
                deliveryLog.refused(entry, answer);
                outcomes.add(new Outbox.Refused(entry.seq(), answer.error()));
            } else {
                if (answer instanceof BackendAnswer.Duplicate) {
                    deliveryLog.replayed(entry);
                }
                queue.delivered(entry);
                outcomes.add(new Outbox.Delivered(entry.seq()));
            }
            return;
        }
        if (entry != null) {
            queue.retry(entry);
            outcomes.add(new Outbox.Retrying(entry.seq(), answer.error()));
        }
        health.failed(answer).ifPresent(pause -> deliveryLog.paused(pause, health.state(), answer));
    }

    private void dispatch() {
        if (health.paused()) {
            return;
        }
        int slots = health.sendLimit() - inFlight.size();
        if (slots <= 0) {
            return;
        }
        List<OutboxEntry> heads = queue.take(slots);
        for (OutboxEntry entry : heads) {
            inFlight.add(entry.seq());
            client.send(entry, answer -> {
                if (answer.stored()) {
                    onDelivered.accept(entry);
                }
                complete(new Result(entry, answer));
            });
        }
        if (heads.isEmpty() && inFlight.isEmpty() && health.wantsProbe()) {
            inFlight.add(PROBE);
            client.probe(answer -> complete(new Result(null, answer)));
        }
    }

    private void complete(Result result) {
        results.add(result);
        wake();
    }

    private void publishStatus(long now) {
        if (health.known()) {
            status.publish(currentStatus(), now);
        }
    }

    /** From the in-memory picture: the outbox itself may be busy with the FX thread's append. */
    private BackendStatus currentStatus() {
        return BackendStatus.of(
                health.state(),
                new Outbox.Counts(queue.pending() + arrivals.size(), queue.blockedCalls(), outbox.capacity()),
                queue.blockedCallIds());
    }

    private long nextWakeInNanos() {
        long wait = IDLE_POLL_NANOS;
        if (health.paused()) {
            wait = Math.min(wait, health.untilResume().toNanos());
        }
        if (health.known() && status.owed(currentStatus())) {
            wait = Math.min(wait, StatusPublisher.INTERVAL_NANOS); // a throttled status update is still owed
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), wait);
    }

    private void await(long nanos) throws InterruptedException {
        signal.await(nanos, () -> closed);
    }

    /** The latest status (for the instance channel's {@code status}), if the backend was reached or tried. */
    public Optional<BackendStatus> status() {
        return Optional.ofNullable(status.published());
    }

    /**
     * Stops delivering. Requests in flight are cancelled; their events stay in the outbox and go
     * again (same idempotency keys) at the next start.
     */
    @Override
    public void close() {
        closed = true;
        wake();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bookkeeping.close();
        client.close();
    }
}
