package dev.deskphone.server;

import static dev.deskphone.server.Calls.T1;
import static dev.deskphone.server.Calls.T2;
import static dev.deskphone.server.Calls.T3;
import static dev.deskphone.server.Calls.answered;
import static dev.deskphone.server.Calls.created;
import static dev.deskphone.server.Calls.ended;
import static dev.deskphone.server.Calls.newId;
import static dev.deskphone.server.Calls.wrapup;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.server.ApiClient.Response;
import dev.deskphone.testsupport.PostgresExtension;
import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling out: two backend instances on one PostgreSQL database, as behind a load balancer. One
 * call's events reach them alternately, and every retry (same {@code Idempotency-Key}) goes to the
 * other instance than the first attempt: each event takes effect once, in the order sent, and
 * either instance answers with the same state.
 */
@ExtendWith(PostgresExtension.class)
class ScaleOutIT {
    private record Event(String path, Map<String, Object> body) {}

    @TempDir
    Path dataA;

    @TempDir
    Path dataB;

    private String jdbcUrl;
    private BackendServer a;
    private BackendServer b;
    private List<ApiClient> instances;

    @BeforeEach
    void startTwoInstances(Postgres postgres) throws SQLException {
        jdbcUrl = postgres.createDatabase("scale_out");
        a = BackendServer.start(new BackendConfig(BackendConfig.LOOPBACK, 0, jdbcUrl, dataA));
        b = BackendServer.start(new BackendConfig(BackendConfig.LOOPBACK, 0, jdbcUrl, dataB));
        // A token is a row in the shared database: made through one instance, accepted by both.
        String token = a.localToken();
        instances = List.of(new ApiClient(a.baseUrl(), token), new ApiClient(b.baseUrl(), token));
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    @Test
    void eventsSentAlternatelyAndRetriedOnTheOtherInstanceTakeEffectOnceAndInOrder() throws Exception {
        for (int call = 0; call < 10; call++) {
            String id = newId();
            List<Event> events = List.of(
                    new Event("/internal/calls", created(id, "1001")),
                    new Event("/internal/calls/" + id + "/answered", answered(T1)),
                    new Event("/internal/calls/" + id + "/ended", ended(T2)),
                    new Event("/internal/calls/" + id + "/wrapup", wrapup(T3)));
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                String key = id + "/" + i;
                ApiClient first = instances.get((call + i) % 2);
                ApiClient other = instances.get((call + i + 1) % 2);

                Response applied = first.post(event.path(), event.body(), "Idempotency-Key", key);
                assertThat(applied.status()).as(applied.body()).isEqualTo(i == 0 ? 201 : 200);
                assertInOrder(applied.json(), i);

                // The client did not see the answer (a timeout) and retries; the balancer picks the other instance.
                Response retried = other.post(event.path(), event.body(), "Idempotency-Key", key);
                assertThat(retried.status()).as(retried.body()).isEqualTo(200);
                assertThat(retried.json()).as("a retry changes nothing").isEqualTo(applied.json());
                assertThat(first.get("/internal/calls/" + id).json())
                        .isEqualTo(other.get("/internal/calls/" + id).json());
            }
            JsonNode done = instances.get(0).get("/internal/calls/" + id).json();
            // A late duplicate of an earlier event (its retry, on either instance) neither repeats nor reorders it.
            for (ApiClient instance : instances) {
                Response late =
                        instance.post(events.get(1).path(), events.get(1).body(), "Idempotency-Key", id + "/1");
                assertThat(late.status()).isEqualTo(200);
            }
            assertThat(instances.get(1).get("/internal/calls/" + id).json()).isEqualTo(done);
            assertThat(count("SELECT COUNT(*) FROM calls WHERE id = ?", id)).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM idempotency_keys WHERE call_id = ?", id))
                    .isEqualTo(events.size());
        }
    }

    @Test
    void theSameEventOnBothInstancesAtOnceIsStoredOnce() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int call = 0; call < 20; call++) {
                String id = newId();
                Map<String, Object> body = created(id, "1002");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Response>> both = new ArrayList<>();
                for (ApiClient instance : instances) {
                    both.add(clients.submit(() -> {
                        go.await();
                        return instance.post("/internal/calls", body, "Idempotency-Key", id + "/0");
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Response> response : both) {
                    statuses.add(response.get().status());
                    assertThat(response.get().json().get("id").asText()).isEqualTo(id);
                }
                assertThat(statuses)
                        .as("one creates, the other answers as a retry")
                        .containsExactlyInAnyOrder(201, 200);
                assertThat(count("SELECT COUNT(*) FROM calls WHERE id = ?", id)).isEqualTo(1);
                assertThat(count("SELECT COUNT(*) FROM idempotency_keys WHERE call_id = ?", id))
                        .isEqualTo(1);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** The call's state after events 0..last (created, answered, ended, wrapup) and nothing later. */
    private static void assertInOrder(JsonNode call, int last) {
        assertThat(call.get("answered_at").isNull())
                .as("answered_at after event " + last)
                .isEqualTo(last < 1);
        assertThat(call.get("ended_at").isNull())
                .as("ended_at after event " + last)
                .isEqualTo(last < 2);
        assertThat(call.get("wrapup_ended_at").isNull())
                .as("wrapup_ended_at after event " + last)
                .isEqualTo(last < 3);
    }

    private int count(String sql, String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
