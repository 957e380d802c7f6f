package dev.deskphone.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Clients that create and answer calls as fast as they can until stopped, remembering which
 * requests the server acknowledged with a 2xx: what a crash or a shutdown must not lose.
 */
final class LoadUntilStopped implements AutoCloseable {
    final Set<String> createdAcked = ConcurrentHashMap.newKeySet();
    final Set<String> answeredAcked = ConcurrentHashMap.newKeySet();
    final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LoadUntilStopped(URI base, String token, int clients) {
        threads = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            threads.execute(() -> {
                while (running.get()) {
                    String id = Calls.newId();
                    if (post(base, token, "/internal/calls", Calls.created(id, "load"))) {
                        createdAcked.add(id);
                        if (post(base, token, "/internal/calls/" + id + "/answered", Calls.answered(Calls.T1))) {
                            answeredAcked.add(id);
                        }
                    }
                }
            });
        }
    }

    private boolean post(URI base, String token, String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body)))
                    .build();
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            statuses.merge(status, 1, Integer::sum);
            return status / 100 == 2;
        } catch (Exception e) {
            statuses.merge(-1, 1, Integer::sum); // no answer: connection refused, reset or timed out
            sleepBriefly();
            return false;
        }
    }

    private void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
            threads.shutdownNow();
        }
    }
}
