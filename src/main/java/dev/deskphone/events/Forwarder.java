package dev.deskphone.events;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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
 * everything pauses for an exponential backoff with jitter (or {@code Retry-After}), then one
 * request probes, and success resumes full speed. 401 means the token is refused: the same, shown
 * as {@code unauthorized}. Any other 4xx refuses that event: it is parked as dead (kept, logged,
 * retried by {@code deskphone events retry}), and its call's later events wait behind it. That
 * includes 403: the token is valid but may not record this call (an agent token for other
 * accounts), which is the event's problem, not the backend's; the server's message says why.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final long IDLE_POLL_MS = 2_000;
    private static final long STATUS_INTERVAL_MS = 200;
    private static final long PROBE = -1;

    private final Outbox outbox;
    private final BackendEndpoint endpoint;
    private final DeliveryPolicy policy;
    private final Consumer<BackendStatus> statusListener;
    private final RandomGenerator random;
    private final Consumer<OutboxEntry> onDelivered;
    private final OkHttpClient http;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean signalled;
    private volatile boolean closed;
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<OutboxEntry> arrivals = new ConcurrentLinkedQueue<>();

    // Loop thread only.
    private final DeliveryQueue queue = new DeliveryQueue();
    private final ExecutorService bookkeeping;
    private final ConcurrentLinkedQueue<Snapshot> snapshots = new ConcurrentLinkedQueue<>();
    private long recordedBatches;
    private long refusals;
    private final Map<Long, Call> inFlight = new HashMap<>();
    private String state = BackendStatus.OFFLINE;
    private boolean stateKnown;
    private int failures;
    private long pausedUntil;
    private volatile BackendStatus published;
    private long publishedAt;
    private long lastRefresh;

    /** What one request came back with. {@code entry} is null for a probe without an event. */
    private record Result(OutboxEntry entry, Verdict verdict, String error, Duration retryAfter) {}

    private enum Verdict { DELIVERED, RETRY, UNAUTHORIZED, REFUSED }

    public Forwarder(Outbox outbox, BackendEndpoint endpoint, DeliveryPolicy policy, Consumer<BackendStatus> statusListener,
            RandomGenerator random) {
        this(outbox, endpoint, policy, statusListener, random, entry -> { });
    }

    /**
     * @param onDelivered called on an HTTP thread as soon as the backend acknowledged an event (it is
     *     committed there), before the outbox row is deleted; for latency measurements
     */
    public Forwarder(Outbox outbox, BackendEndpoint endpoint, DeliveryPolicy policy, Consumer<BackendStatus> statusListener,
            RandomGenerator random, Consumer<OutboxEntry> onDelivered) {
        this.onDelivered = onDelivered;
        this.outbox = outbox;
        this.endpoint = endpoint;
        this.policy = policy;
        this.statusListener = statusListener;
        this.random = random;
        this.http = httpClient(policy, endpoint);
        this.bookkeeping = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(() -> {
                try {
                    runnable.run();
                } catch (RuntimeException e) {
                    // Not fatal: an outcome not recorded means the event is sent again (a replay).
                    log.error("Updating the outbox failed", e);
                }
            }, "deskphone-events-outbox");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "deskphone-events");
        thread.setDaemon(true);
    }

    /** The one HTTP client of the events feature: explicit timeouts, as many connections as requests in flight. */
    private static OkHttpClient httpClient(DeliveryPolicy policy, BackendEndpoint endpoint) {
        AtomicInteger count = new AtomicInteger();
        ExecutorService callbacks = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread t = new Thread(runnable, "deskphone-events-http-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Dispatcher dispatcher = new Dispatcher(callbacks);
        dispatcher.setMaxRequests(policy.maxInFlight() + 1);
        dispatcher.setMaxRequestsPerHost(policy.maxInFlight() + 1);
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        endpoint.trust().ifPresent(trust -> builder.sslSocketFactory(trust.socketFactory(), trust.trustManager()));
        return builder
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(policy.maxInFlight() + 1, 5, TimeUnit.MINUTES))
                .connectTimeout(policy.connectTimeout())
                .readTimeout(policy.requestTimeout())
                .writeTimeout(policy.requestTimeout())
                .callTimeout(policy.requestTimeout())
                .followRedirects(false)
                .build();
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
        lock.lock();
        try {
            signalled = true;
            wakeUp.signal();
        } finally {
            lock.unlock();
        }
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
                await(nextWakeInMs());
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
        long now = System.currentTimeMillis();
        for (OutboxEntry entry; (entry = arrivals.poll()) != null; ) {
            queue.add(entry);
        }
        List<Outbox.Outcome> outcomes = new ArrayList<>();
        for (Result result; (result = results.poll()) != null; ) {
            handle(result, now, outcomes);
        }
        if (!closed) {
            dispatch(now);
        }
        if (!outcomes.isEmpty()) {
            // Off this thread: the FX thread may hold the outbox for an fsync, and sending must not wait.
            recordedBatches++;
            bookkeeping.execute(() -> outbox.record(outcomes, now));
        }
        for (Snapshot snapshot; (snapshot = snapshots.poll()) != null; ) {
            apply(snapshot);
        }
        if (now - lastRefresh >= IDLE_POLL_MS) {
            requestSnapshot();
            lastRefresh = now;
        }
        publishStatus(now);
    }

    /**
     * The outbox file as it is after every outcome recorded so far. Taken every few seconds because
     * another process ({@code deskphone events retry}) may revive dead events.
     *
     * @param stored the whole outbox, read only when its pending count differs from the picture's
     */
    private record Snapshot(long batches, long refusals, Outbox.Counts counts, Set<Long> dead, List<OutboxEntry> stored) {}

    private void requestSnapshot() {
        long batches = recordedBatches;
        long refusalsNow = refusals;
        int expectedPending = queue.pending();
        bookkeeping.execute(() -> {
            outbox.refreshCounts();
            Outbox.Counts counts = outbox.counts();
            Set<Long> dead = outbox.list(true).stream().map(OutboxEntry::seq).collect(Collectors.toSet());
            List<OutboxEntry> stored = counts.pending() != expectedPending ? outbox.list(false) : null;
            snapshots.add(new Snapshot(batches, refusalsNow, counts, dead, stored));
            wake();
        });
    }

    /** Applies a snapshot if nothing changed since it was asked for (else the next one will do). */
    private void apply(Snapshot snapshot) {
        if (snapshot.batches() != recordedBatches || snapshot.refusals() != refusals) {
            return;
        }
        if (snapshot.counts().dead() < queue.blockedCalls()) {
            queue.revive(snapshot.dead());
        }
        if (snapshot.stored() != null && queue.nothingInFlight() && arrivals.isEmpty()
                && snapshot.counts().pending() != queue.pending()) {
            log.info("Re-reading the outbox ({} events pending, {} expected)", snapshot.counts().pending(), queue.pending());
            queue.reload(snapshot.stored());
        }
    }

    private void handle(Result result, long now, List<Outbox.Outcome> outcomes) {
        OutboxEntry entry = result.entry();
        inFlight.remove(entry == null ? PROBE : entry.seq());
        switch (result.verdict()) {
            case DELIVERED, REFUSED -> {
                if (!BackendStatus.ONLINE.equals(state) || !stateKnown) {
                    log.info("Backend {} is reachable{}", endpoint.baseUrl(),
                            stateKnown ? " again; " + queue.pending() + " events to deliver" : "");
                }
                state = BackendStatus.ONLINE;
                stateKnown = true;
                failures = 0;
                pausedUntil = 0;
                if (entry != null && result.verdict() == Verdict.DELIVERED) {
                    queue.delivered(entry);
                    outcomes.add(new Outbox.Delivered(entry.seq()));
                } else if (entry != null) {
                    queue.refused(entry);
                    refusals++;
                    log.warn("Backend refused event {} ({} of call {}): {}; parked as dead"
                            + " (see 'deskphone events list --dead', 'deskphone events retry')",
                            entry.seq(), entry.event(), entry.callId(), result.error());
                    outcomes.add(new Outbox.Refused(entry.seq(), result.error()));
                }
            }
            case RETRY, UNAUTHORIZED -> {
                if (entry != null) {
                    queue.retry(entry);
                    outcomes.add(new Outbox.Retrying(entry.seq(), result.error()));
                }
                String newState = result.verdict() == Verdict.RETRY ? BackendStatus.OFFLINE : BackendStatus.UNAUTHORIZED;
                // Requests in flight together fail together: one outage is one step of backoff.
                if (pausedUntil <= now) {
                    failures++;
                    Duration delay = policy.backoff(failures, random.nextDouble());
                    if (result.retryAfter() != null) {
                        delay = min(result.retryAfter(), policy.retryAfterCap());
                    }
                    pausedUntil = now + delay.toMillis();
                    if (!newState.equals(state) || !stateKnown) {
                        log.warn("Backend {} {}: {}; events wait in the outbox (next try in {} ms)", endpoint.baseUrl(),
                                newState.equals(BackendStatus.OFFLINE) ? "unavailable" : "refuses the token",
                                result.error(), delay.toMillis());
                    } else {
                        log.debug("Backend still {}: {}; next try in {} ms", newState, result.error(), delay.toMillis());
                    }
                }
                state = newState;
                stateKnown = true;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void dispatch(long now) {
        if (now < pausedUntil) {
            return;
        }
        // Not known to be up: one request at a time finds out.
        int limit = BackendStatus.ONLINE.equals(state) ? policy.maxInFlight() : 1;
        int slots = limit - inFlight.size();
        if (slots <= 0) {
            return;
        }
        List<OutboxEntry> heads = queue.take(slots);
        for (OutboxEntry entry : heads) {
            send(entry);
        }
        if (heads.isEmpty() && inFlight.isEmpty() && (!stateKnown || !BackendStatus.ONLINE.equals(state))) {
            probe();
        }
    }

    private void send(OutboxEntry entry) {
        Request request = new Request.Builder()
                .url(endpoint.baseUrl() + entry.path())
                .header("Authorization", "Bearer " + endpoint.token())
                .header("Idempotency-Key", entry.idempotencyKey())
                .post(RequestBody.create(entry.body(), JSON))
                .build();
        Call call = http.newCall(request);
        inFlight.put(entry.seq(), call);
        call.enqueue(new ResultCallback(entry));
    }

    /** Nothing to send, but the state is unknown or bad: a read tells whether the backend is back. */
    private void probe() {
        Request request = new Request.Builder()
                .url(endpoint.baseUrl() + "/internal/calls?limit=1")
                .header("Authorization", "Bearer " + endpoint.token())
                .get()
                .build();
        Call call = http.newCall(request);
        inFlight.put(PROBE, call);
        call.enqueue(new ResultCallback(null));
    }

    private final class ResultCallback implements Callback {
        private final OutboxEntry entry;

        ResultCallback(OutboxEntry entry) {
            this.entry = entry;
        }

        @Override
        public void onFailure(Call call, IOException e) {
            complete(new Result(entry, Verdict.RETRY, describeFailure(e), null));
        }

        @Override
        public void onResponse(Call call, Response response) {
            try (response) {
                complete(classify(entry, response));
            } catch (RuntimeException e) {
                complete(new Result(entry, Verdict.RETRY, e.toString(), null));
            }
        }
    }

    /** What went wrong, for the outbox's last error and the log; TLS trust problems say what to do. */
    static String describeFailure(IOException e) {
        if (e instanceof InterruptedIOException) {
            return "timed out";
        }
        String what = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof SSLPeerUnverifiedException) {
            return "TLS: the backend's certificate is not issued for this host name (" + what + ")";
        }
        if (e instanceof SSLHandshakeException && hasCause(e, CertPathValidatorException.class, CertPathBuilderException.class)) {
            return "TLS: the backend's certificate is not trusted: its CA is neither in the system's CAs nor in"
                    + " --backend-ca-file (" + what + ")";
        }
        return what;
    }

    @SafeVarargs
    private static boolean hasCause(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Result classify(OutboxEntry entry, Response response) {
        int code = response.code();
        if (response.isSuccessful()) {
            if (entry != null) {
                onDelivered.accept(entry);
            }
            return new Result(entry, Verdict.DELIVERED, null, null);
        }
        String error = "HTTP " + code + describeBody(response);
        if (code == 408 || code == 429 || code >= 500) {
            Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), Instant.now()).orElse(null);
            return new Result(entry, Verdict.RETRY, error, retryAfter);
        }
        if (code == 401) {
            return new Result(entry, Verdict.UNAUTHORIZED, error, null);
        }
        return new Result(entry, Verdict.REFUSED, error, null);
    }

    private static String describeBody(Response response) {
        try {
            String body = response.peekBody(300).string().strip();
            return body.isEmpty() ? "" : ": " + body.replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    private void complete(Result result) {
        results.add(result);
        wake();
    }

    private void publishStatus(long now) {
        if (!stateKnown) {
            return;
        }
        BackendStatus status = currentStatus();
        if (status.equals(published)) {
            return;
        }
        boolean stateChanged = published == null || !published.state().equals(status.state());
        if (stateChanged || now - publishedAt >= STATUS_INTERVAL_MS) {
            published = status;
            publishedAt = now;
            try {
                statusListener.accept(status);
            } catch (RuntimeException e) {
                log.warn("Backend status listener failed", e);
            }
        }
    }

    /** From the in-memory picture: the outbox itself may be busy with the FX thread's append. */
    private BackendStatus currentStatus() {
        return BackendStatus.of(state, new Outbox.Counts(queue.pending() + arrivals.size(), queue.blockedCalls(),
                outbox.capacity()), queue.blockedCallIds());
    }

    private long nextWakeInMs() {
        long now = System.currentTimeMillis();
        long wait = IDLE_POLL_MS;
        if (pausedUntil > now) {
            wait = Math.min(wait, pausedUntil - now);
        }
        if (stateKnown && !currentStatus().equals(published)) {
            wait = Math.min(wait, STATUS_INTERVAL_MS); // a throttled status update is still owed
        }
        return Math.max(1, wait);
    }

    private void await(long millis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!signalled && !closed && nanos > 0) {
                nanos = wakeUp.awaitNanos(nanos);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    /** The latest status (for the instance channel's {@code status}), if the backend was reached or tried. */
    public Optional<BackendStatus> status() {
        return Optional.ofNullable(published);
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
        bookkeeping.shutdown();
        try {
            if (!bookkeeping.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Outbox bookkeeping still running at close; the events concerned will be sent again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
