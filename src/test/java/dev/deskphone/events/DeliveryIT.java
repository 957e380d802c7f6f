package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery to the real embedded backend: an outage over whole calls, and responses lost after the commit. */
class DeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void backendDownForWholeCallsThenBackGetsEveryEventOnceInOrder() throws Exception {
        try (RealBackend backend = new RealBackend(dir.resolve("backend"))) {
            backend.stop();
            try (ForwarderHarness h = new ForwarderHarness(
                    dir.resolve("outbox.db"), backend.baseUrl, backend.token, ForwarderHarness.FAST)) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String id = PageEvents.newCallId();
                    ids.add(id);
                    h.send(PageEvents.call(id, PageEvents.T0 + i * 10_000));
                }
                ForwarderHarness.await(
                        () -> h.statuses.stream().anyMatch(s -> s.state().equals("offline") && s.pending() == 20),
                        WAIT,
                        () -> "statuses " + h.statuses);
                Thread.sleep(500); // several failed attempts while down
                assertThat(h.outbox.list(false)).hasSize(20).anyMatch(e -> e.attempts() > 0);

                backend.start();
                h.awaitDrained(WAIT);
                assertThat(h.outbox.counts()).isEqualTo(new Outbox.Counts(0, 0, 100_000));
                for (int i = 0; i < ids.size(); i++) {
                    backend.assertStoredAsSent(ids.get(i), PageEvents.T0 + i * 10_000);
                }
                assertThat(backend.callRows()).isEqualTo(5);
                ForwarderHarness.await(
                        () -> h.statuses.get(h.statuses.size() - 1).state().equals("online")
                                && h.statuses.get(h.statuses.size() - 1).pending() == 0,
                        WAIT,
                        () -> "statuses " + h.statuses);
            }
        }
    }

    /**
     * A proxy in front of the real backend commits every request there, then for some loses the
     * response (connection dropped, 500 instead, or too slow for the client): the client must retry
     * and the retries must not create anything twice.
     */
    @Test
    void responsesLostAfterTheCommitCauseNoLossAndNoDuplicates() throws Exception {
        try (RealBackend backend = new RealBackend(dir.resolve("backend"));
                MockWebServer proxy = new MockWebServer()) {
            OkHttpClient upstream = new OkHttpClient();
            AtomicInteger forwarded = new AtomicInteger();
            AtomicInteger replays = new AtomicInteger();
            proxy.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    MockResponse answer = forward(upstream, backend, request);
                    int n = forwarded.incrementAndGet();
                    if (request.getMethod().equals("POST") && answer.getStatus().contains(" 200 ")) {
                        replays.incrementAndGet(); // the backend recognised a repeat
                    }
                    return switch (n % 4) {
                        case 1 -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                        case 2 -> new MockResponse().setResponseCode(502).setBody("bad gateway");
                        case 3 -> answer.setHeadersDelay(2, TimeUnit.SECONDS); // beyond the client's timeout
                        default -> answer;
                    };
                }
            });
            proxy.start(java.net.InetAddress.getLoopbackAddress(), 0);
            try (ForwarderHarness h = new ForwarderHarness(
                    dir.resolve("outbox.db"), proxy.url("/").uri(), backend.token, ForwarderHarness.FAST)) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String id = PageEvents.newCallId();
                    ids.add(id);
                    h.send(PageEvents.call(id, PageEvents.T0 + i * 10_000));
                }
                h.awaitDrained(Duration.ofSeconds(90));
                assertThat(h.outbox.counts()).isEqualTo(new Outbox.Counts(0, 0, 100_000));
                for (int i = 0; i < ids.size(); i++) {
                    backend.assertStoredAsSent(ids.get(i), PageEvents.T0 + i * 10_000);
                }
                assertThat(backend.callRows()).isEqualTo(3);
                assertThat(replays.get())
                        .as("retries of committed events were replays")
                        .isGreaterThan(0);
            }
        }
    }

    private static MockResponse forward(OkHttpClient upstream, RealBackend backend, RecordedRequest request) {
        Request.Builder out = new Request.Builder().url(backend.baseUrl + request.getPath());
        Headers headers = request.getHeaders();
        for (String name : List.of("Authorization", "Idempotency-Key")) {
            if (headers.get(name) != null) {
                out.header(name, headers.get(name));
            }
        }
        if (request.getMethod().equals("POST")) {
            out.post(RequestBody.create(request.getBody().readByteArray(), MediaType.get("application/json")));
        }
        try (Response response = upstream.newCall(out.build()).execute()) {
            return new MockResponse()
                    .setResponseCode(response.code())
                    .setBody(response.body().string());
        } catch (IOException e) {
            return new MockResponse().setResponseCode(503);
        }
    }
}
