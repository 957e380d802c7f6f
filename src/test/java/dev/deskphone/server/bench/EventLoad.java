package dev.deskphone.server.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Generates call events like agents' apps do: each call is created, answered, ended and wrapped
 * up, each event sent only after the previous one was acknowledged. Latencies are recorded in
 * microseconds; in the fixed-rate mode they are measured from each request's scheduled send time,
 * so a stalled server is not hidden by a stalled client (coordinated omission).
 */
final class EventLoad {
    private static final int EVENTS_PER_CALL = 4;
    /** Instances of the backend; a call's events alternate between them, as behind a load balancer. */
    private final List<URI> bases;

    private final String token;
    private static final MediaType JSON = MediaType.get("application/json");
    private final OkHttpClient http;

    EventLoad(URI base, String token, int maxConnections) {
        this(List.of(base), token, maxConnections);
    }

    EventLoad(List<URI> bases, String token, int maxConnections) {
        this.bases = List.copyOf(bases);
        this.token = token;
        // OkHttp, as the app uses: far less CPU per request than java.net.http, which matters
        // when client and server share two cores. Retries off: a failure is counted, not hidden.
        Dispatcher dispatcher = new Dispatcher(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bench-http");
            thread.setDaemon(true);
            return thread;
        }));
        dispatcher.setMaxRequests(maxConnections);
        dispatcher.setMaxRequestsPerHost(maxConnections);
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(maxConnections, 1, java.util.concurrent.TimeUnit.MINUTES))
                .retryOnConnectionFailure(false)
                .callTimeout(Duration.ofSeconds(30))
                .build();
    }

    record Result(long ok, long failed, double seconds, long[] latenciesMicros) {
        @Override
        public String toString() {
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return String.format(
                    Locale.ROOT,
                    "%,.0f events/s (%d ok, %d failed), latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    ok / seconds,
                    ok,
                    failed,
                    percentile(sorted, 50),
                    percentile(sorted, 99),
                    percentile(sorted, 100));
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }

    /** One step of one call. */
    private record Step(String callId, int event) {
        Step next() {
            return event + 1 < EVENTS_PER_CALL ? new Step(callId, event + 1) : null;
        }
    }

    /** {@code clients} calls in flight at all times, each sending its next event as soon as the last is acknowledged. */
    Result closedLoop(int clients, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            chain(new Step(UUID.randomUUID().toString(), 0), end, recorder, done);
        }
        done.await();
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    private void chain(Step step, long end, Recorder recorder, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        send(step).whenComplete((status, error) -> {
            recorder.record(status, error, sent);
            Step next = step.next();
            chain(next != null ? next : new Step(UUID.randomUUID().toString(), 0), end, recorder, done);
        });
    }

    /** Exactly {@code rate} requests per second; follow-up events first, new calls fill the remaining slots. */
    Result openLoop(int rate, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder();
        ConcurrentLinkedQueue<Step> ready = new ConcurrentLinkedQueue<>();
        long interval = 1_000_000_000L / rate;
        long total = rate * duration.toSeconds();
        long start = System.nanoTime();
        AtomicLong outstanding = new AtomicLong();
        for (long i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Step step = ready.poll();
            Step current = step != null ? step : new Step(UUID.randomUUID().toString(), 0);
            outstanding.incrementAndGet();
            send(current).whenComplete((status, error) -> {
                recorder.record(status, error, scheduled);
                Step next = current.next();
                if (next != null && error == null && status / 100 == 2) {
                    ready.add(next);
                }
                outstanding.decrementAndGet();
            });
        }
        while (outstanding.get() > 0) {
            Thread.sleep(5);
        }
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    private CompletableFuture<Integer> send(Step step) {
        String path;
        String body;
        switch (step.event()) {
            case 0 -> {
                path = "/internal/calls";
                body = "{\"id\":\"" + step.callId()
                        + "\",\"direction\":\"inbound\",\"account\":\"1001\",\"profile\":\"bench\","
                        + "\"local_uri\":\"sip:1001@pbx.test\",\"remote_uri\":\"sip:+15550100@pbx.test\","
                        + "\"remote_display_name\":\"Caller\",\"started_at\":\"2025-05-01T10:00:00.000Z\"}";
            }
            case 1 -> {
                path = "/internal/calls/" + step.callId() + "/answered";
                body = "{\"answered_at\":\"2025-05-01T10:00:05.000Z\"}";
            }
            case 2 -> {
                path = "/internal/calls/" + step.callId() + "/ended";
                body = "{\"ended_at\":\"2025-05-01T10:03:05.000Z\",\"reason\":\"completed\",\"sip_status\":200,"
                        + "\"ended_by\":\"remote\",\"quality\":{\"jitter_ms\":2.5,\"packet_loss_pct\":0.1,\"rtt_ms\":35,"
                        + "\"codec\":\"opus\",\"mos\":4.3}}";
            }
            default -> {
                path = "/internal/calls/" + step.callId() + "/wrapup";
                body =
                        "{\"wrapup_ended_at\":\"2025-05-01T10:03:35.000Z\",\"disposition\":\"resolved\",\"notes\":\"ok\"}";
            }
        }
        URI base = bases.get((step.event() + Math.floorMod(step.callId().hashCode(), bases.size())) % bases.size());
        Request request = new Request.Builder()
                .url(base.resolve(path).toString())
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", step.callId() + "/" + step.event())
                .post(RequestBody.create(body, JSON))
                .build();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    status.complete(response.code());
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                status.completeExceptionally(e);
            }
        });
        return status;
    }

    private static final class Recorder {
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

        void record(Integer status, Throwable error, long sentNanos) {
            latencies.add((System.nanoTime() - sentNanos) / 1_000);
            if (error == null && status / 100 == 2) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        }

        Result result(double seconds) {
            return new Result(
                    ok.get(),
                    failed.get(),
                    seconds,
                    latencies.stream().mapToLong(Long::longValue).toArray());
        }
    }
}
