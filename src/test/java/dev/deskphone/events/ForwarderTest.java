package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Function<Seen, MockResponse> answer = request -> ok();
    private ForwarderHarness harness;

    /** A request as the server saw it, and when. */
    private record Seen(long nanos, String method, String path, String key, String authorization, String body) {}

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Seen s = new Seen(
                        System.nanoTime(),
                        request.getMethod(),
                        request.getPath(),
                        request.getHeader("Idempotency-Key"),
                        request.getHeader("Authorization"),
                        request.getBody().readUtf8());
                seen.add(s);
                return answer.apply(s);
            }
        });
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        if (harness != null) {
            harness.close();
        }
        server.shutdown();
    }

    private ForwarderHarness harness() {
        harness = new ForwarderHarness(
                dir.resolve("outbox.db"), server.url("/").uri(), "secret-token", ForwarderHarness.FAST);
        return harness;
    }

    private static MockResponse ok() {
        return new MockResponse().setResponseCode(200).setBody("{}");
    }

    private List<Seen> posts() {
        return seen.stream().filter(s -> s.method().equals("POST")).toList();
    }

    @Test
    void deliversEachEventOnceWithTokenAndIdempotencyKey() throws Exception {
        String id = PageEvents.newCallId();
        ForwarderHarness h = harness();
        h.send(PageEvents.call(id, PageEvents.T0));
        h.awaitDrained(WAIT);

        assertThat(posts())
                .extracting(Seen::path)
                .containsExactly(
                        "/internal/calls",
                        "/internal/calls/" + id + "/answered",
                        "/internal/calls/" + id + "/ended",
                        "/internal/calls/" + id + "/wrapup");
        assertThat(posts()).allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Bearer secret-token"));
        assertThat(posts()).extracting(Seen::key).doesNotHaveDuplicates().allMatch(k -> k.matches("[0-9a-f-]{36}"));
        assertThat(posts().get(1).body()).isEqualTo("{\"answered_at\":\"2025-10-09T08:53:21Z\"}");
        ForwarderHarness.await(
                () -> !h.statuses.isEmpty()
                        && h.statuses.get(h.statuses.size() - 1).pending() == 0,
                WAIT,
                "status " + h.statuses);
        assertThat(h.statuses.get(h.statuses.size() - 1))
                .isEqualTo(new BackendStatus("backend-status", "online", 0, 0, 100_000));
    }

    @Test
    void serverErrorsAreRetriedWithTheSameKeyUntilAccepted() throws Exception {
        AtomicInteger count = new AtomicInteger();
        answer = request -> !request.method().equals("POST")
                ? ok()
                : count.incrementAndGet() <= 3
                        ? new MockResponse().setResponseCode(count.get() == 2 ? 408 : 500)
                        : ok();
        ForwarderHarness h = harness();
        h.send(PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
        h.awaitDrained(WAIT);

        assertThat(posts()).hasSize(4);
        assertThat(posts()).extracting(Seen::key).containsOnly(posts().get(0).key());
        assertThat(h.statuses)
                .extracting(BackendStatus::state)
                .contains("offline")
                .last()
                .isEqualTo("online");
        assertThat(h.outbox.list(false)).isEmpty();
    }

    /**
     * Retries are timed on the monotonic clock: the wall clock set back a day while an event waits
     * for its retry (NTP, a resumed laptop) must not make the forwarder wait a day.
     */
    @Test
    void aWallClockSetBackDuringARetryPauseDoesNotStallDelivery() throws Exception {
        AtomicInteger count = new AtomicInteger();
        answer = request -> !request.method().equals("POST")
                ? ok()
                : count.incrementAndGet() == 1 ? new MockResponse().setResponseCode(500) : ok();
        AtomicReference<ForwarderHarness> started = new AtomicReference<>();
        // Set back as soon as the failure is known (the offline status is published in the same pass).
        InstantSource wall = () -> {
            ForwarderHarness h = started.get();
            boolean setBack =
                    h != null && h.statuses.stream().anyMatch(s -> s.state().equals("offline"));
            return setBack ? Instant.now().minus(Duration.ofDays(1)) : Instant.now();
        };
        harness = new ForwarderHarness(
                dir.resolve("outbox.db"),
                new BackendEndpoint(server.url("/").uri(), "secret-token"),
                ForwarderHarness.FAST,
                wall);
        started.set(harness);
        harness.send(PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
        harness.awaitDrained(WAIT);

        assertThat(posts()).hasSize(2);
        assertThat(posts()).extracting(Seen::key).containsOnly(posts().get(0).key());
        assertThat(harness.statuses)
                .extracting(BackendStatus::state)
                .contains("offline")
                .last()
                .isEqualTo("online");
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        AtomicInteger count = new AtomicInteger();
        answer = request -> !request.method().equals("POST")
                ? ok()
                : count.incrementAndGet() == 1
                        ? new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                        : ok();
        ForwarderHarness h = harness();
        h.send(PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
        h.awaitDrained(WAIT);

        assertThat(posts()).hasSize(2);
        long gapMs = (posts().get(1).nanos() - posts().get(0).nanos()) / 1_000_000;
        assertThat(gapMs).as("the backoff alone would retry after 20 ms").isGreaterThanOrEqualTo(990);
    }

    @Test
    void aResponseSlowerThanTheTimeoutIsRetried() throws Exception {
        AtomicInteger count = new AtomicInteger();
        answer = request -> !request.method().equals("POST")
                ? ok()
                : count.incrementAndGet() == 1 ? ok().setHeadersDelay(2, java.util.concurrent.TimeUnit.SECONDS) : ok();
        ForwarderHarness h = harness();
        h.send(PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
        h.awaitDrained(WAIT);

        assertThat(posts()).hasSize(2);
        assertThat(posts().get(1).key()).isEqualTo(posts().get(0).key());
        assertThat(posts().get(1).body()).isEqualTo(posts().get(0).body());
    }

    @Test
    void aResponseLostAfterTheServerGotTheRequestIsRetriedWithTheSameKey() throws Exception {
        AtomicInteger count = new AtomicInteger();
        answer = request -> !request.method().equals("POST")
                ? ok()
                : count.incrementAndGet() == 1
                        ? new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)
                        : ok();
        ForwarderHarness h = harness();
        h.send(PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
        h.awaitDrained(WAIT);

        assertThat(posts())
                .extracting(Seen::key)
                .hasSizeGreaterThanOrEqualTo(2)
                .containsOnly(posts().get(0).key());
        assertThat(h.outbox.list(false)).isEmpty();
    }

    @Test
    void aClientErrorParksTheEventAsDeadHoldsItsCallAndLetsOtherCallsThrough() throws Exception {
        String refused = PageEvents.newCallId();
        String fine = PageEvents.newCallId();
        answer = request -> request.body().contains(refused)
                ? new MockResponse().setResponseCode(422).setBody("{\"message\":\"The account field is required.\"}")
                : ok();
        ForwarderHarness h = harness();
        h.send(PageEvents.created(refused, PageEvents.T0), PageEvents.answered(refused, PageEvents.T0 + 1));
        h.send(PageEvents.call(fine, PageEvents.T0));
        ForwarderHarness.await(
                () -> h.outbox.counts().equals(new Outbox.Counts(1, 1, 100_000)),
                WAIT,
                () -> "outbox holds " + h.outbox.list(false));

        assertThat(posts().stream()
                        .filter(s -> s.path().contains(fine) || s.body().contains(fine)))
                .hasSize(4);
        assertThat(posts().stream().filter(s -> s.body().contains(refused))).hasSize(1); // not retried by itself
        assertThat(posts().stream().filter(s -> s.path().contains(refused))).isEmpty(); // answered waits behind it
        assertThat(h.outbox.list(true)).singleElement().satisfies(dead -> {
            assertThat(dead.event()).isEqualTo("created");
            assertThat(dead.lastError()).isEqualTo("HTTP 422: {\"message\":\"The account field is required.\"}");
        });
        assertThat(h.outbox.counts()).isEqualTo(new Outbox.Counts(1, 1, 100_000));
        ForwarderHarness.await(
                () -> !h.statuses.isEmpty()
                        && h.statuses.get(h.statuses.size() - 1).undelivered().equals(List.of(refused)),
                WAIT,
                () -> "the page is told which call is not delivered: " + h.statuses);

        // Fixed at the backend, retried from the CLI: the call goes through, in order.
        answer = request -> ok();
        try (Outbox cli = Outbox.open(dir.resolve("outbox.db"), 10, false)) {
            assertThat(cli.retryAll()).isEqualTo(1);
        }
        ForwarderHarness.await(() -> h.outbox.list(false).isEmpty(), WAIT, "revived events not delivered");
        ForwarderHarness.await(
                () -> h.statuses.get(h.statuses.size() - 1).undelivered().isEmpty(),
                WAIT,
                () -> "delivered once revived: " + h.statuses.get(h.statuses.size() - 1));
        assertThat(posts().stream()
                        .filter(s -> s.path().contains(refused) || s.body().contains(refused)))
                .extracting(Seen::path)
                .containsExactly("/internal/calls", "/internal/calls", "/internal/calls/" + refused + "/answered");
    }

    @Test
    void aForbiddenEventIsParkedAsDeadWithTheServersMessageWhileOtherCallsGoThrough() throws Exception {
        String forbidden = PageEvents.newCallId();
        String fine = PageEvents.newCallId();
        String message =
                "{\"message\":\"The token 'desk-7' may not record calls of account '1003'; it may record accounts 1001.\"}";
        answer = request -> request.body().contains(forbidden)
                ? new MockResponse().setResponseCode(403).setBody(message)
                : ok();
        ForwarderHarness h = harness();
        h.send(PageEvents.created(forbidden, PageEvents.T0));
        h.send(PageEvents.call(fine, PageEvents.T0));
        ForwarderHarness.await(
                () -> h.outbox.counts().equals(new Outbox.Counts(0, 1, 100_000)),
                WAIT,
                () -> "outbox holds " + h.outbox.list(false));

        assertThat(h.outbox.list(true)).singleElement().satisfies(dead -> {
            assertThat(dead.callId()).isEqualTo(forbidden);
            assertThat(dead.lastError()).isEqualTo("HTTP 403: " + message);
        });
        assertThat(posts().stream().filter(s -> s.body().contains(forbidden))).hasSize(1); // not retried by itself
        ForwarderHarness.await(
                () -> !h.statuses.isEmpty()
                        && h.statuses.get(h.statuses.size() - 1).undelivered().equals(List.of(forbidden)),
                WAIT,
                () -> "the page is told which call is not delivered: " + h.statuses);
        assertThat(h.statuses).noneMatch(s -> s.state().equals("unauthorized"));
    }

    @Test
    void aRefusedTokenIsUnauthorizedNotDead() throws Exception {
        answer = request -> new MockResponse().setResponseCode(401).setBody("{\"message\":\"Unauthenticated.\"}");
        ForwarderHarness h = harness();
        h.send(PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
        ForwarderHarness.await(
                () -> h.statuses.stream().anyMatch(s -> s.state().equals("unauthorized")),
                WAIT,
                "status " + h.statuses);
        ForwarderHarness.await(() -> posts().size() >= 2, WAIT, "no retry");
        assertThat(h.outbox.counts()).isEqualTo(new Outbox.Counts(1, 0, 100_000));
        assertThat(h.outbox.list(false).get(0).lastError()).startsWith("HTTP 401");
    }

    @Test
    void eachCallsEventsArriveInOrderWhileCallsGoInParallel() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        java.util.Random random = new java.util.Random(3);
        answer = request -> {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(random.nextInt(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            // Some failures on the way, so retries interleave with first attempts.
            return random.nextInt(10) == 0 ? new MockResponse().setResponseCode(503) : ok();
        };
        ForwarderHarness h = harness();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = PageEvents.newCallId();
            ids.add(id);
            h.send(PageEvents.call(id, PageEvents.T0 + i));
        }
        h.awaitDrained(Duration.ofSeconds(60));

        Map<String, List<String>> accepted = new HashMap<>();
        Map<String, String> lastKey = new ConcurrentHashMap<>();
        for (Seen s : posts()) {
            String id = s.path().equals("/internal/calls")
                    ? PageEvents.JSON.readTree(s.body()).get("id").asText()
                    : s.path().split("/")[3];
            String event =
                    s.path().equals("/internal/calls") ? "created" : s.path().split("/")[4];
            List<String> events = accepted.computeIfAbsent(id, k -> new ArrayList<>());
            if (!s.key().equals(lastKey.put(id, s.key()))) {
                events.add(event); // a retry repeats the key: count each event once, in first-sent order
            }
        }
        assertThat(accepted.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(accepted.values())
                .allSatisfy(events -> assertThat(events).containsExactly("created", "answered", "ended", "wrapup"));
        assertThat(maxConcurrent.get()).as("calls delivered in parallel").isGreaterThan(1);
    }

    static JsonNode[] all(JsonNode... nodes) {
        return nodes;
    }
}
