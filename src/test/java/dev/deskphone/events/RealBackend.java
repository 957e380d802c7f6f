package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.server.BackendConfig;
import dev.deskphone.server.BackendServer;
import dev.deskphone.server.ServerTls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The real embedded backend on a fixed loopback port, stoppable and restartable (an outage), for tests. */
final class RealBackend implements AutoCloseable {
    private final OkHttpClient http;
    private final BackendConfig config;
    private BackendServer server;
    final URI baseUrl;
    final String token;

    RealBackend(Path dataDir) {
        this(BackendConfig.embedded(dataDir), new OkHttpClient());
    }

    /**
     * Over HTTPS with {@code tls} (a certificate for "localhost"), so {@link #baseUrl} names
     * localhost; {@code http} reads back what was stored and must trust the certificate.
     */
    static RealBackend https(Path dataDir, ServerTls tls, OkHttpClient http) {
        return new RealBackend(BackendConfig.embedded(dataDir).withTls(tls), http);
    }

    private RealBackend(BackendConfig initial, OkHttpClient http) {
        this.http = http;
        BackendServer first = BackendServer.start(initial);
        config = initial.withPort(first.port());
        server = first;
        URI bound = first.baseUrl();
        baseUrl = initial.tls().isPresent() ? URI.create(bound.getScheme() + "://localhost:" + bound.getPort()) : bound;
        token = first.localToken();
    }

    void stop() {
        server.close();
        server = null;
    }

    void start() {
        server = BackendServer.start(config);
        assertThat(server.localToken()).isEqualTo(token);
    }

    /** {@code GET /internal/calls/{id}}. */
    JsonNode call(String id) throws IOException {
        Request request = new Request.Builder()
                .url(baseUrl + "/internal/calls/" + id)
                .header("Authorization", "Bearer " + token)
                .build();
        try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).as("GET call " + id).isEqualTo(200);
            return PageEvents.JSON.readTree(response.body().string());
        }
    }

    /** Rows in the backend's {@code calls} table, read from the database itself. */
    int callRows() throws Exception {
        try (Connection db = DriverManager.getConnection(config.jdbcUrl());
                Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM calls")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Checks that the backend holds the call exactly as the page's four events described it. */
    void assertStoredAsSent(String id, long start) throws IOException {
        JsonNode call = call(id);
        ObjectNode[] sent = PageEvents.call(id, start);
        assertThat(call.get("state").asText()).isEqualTo("wrapped_up");
        assertThat(call.get("direction").asText())
                .isEqualTo(sent[0].get("direction").asText());
        assertThat(call.get("remote_uri").asText())
                .isEqualTo(sent[0].get("remoteUri").asText());
        assertThat(millis(call, "started_at")).isEqualTo(start);
        assertThat(millis(call, "answered_at")).isEqualTo(start + 1000);
        assertThat(millis(call, "ended_at")).isEqualTo(start + 2000);
        assertThat(millis(call, "wrapup_ended_at")).isEqualTo(start + 3000);
        assertThat(call.get("reason").asText()).isEqualTo("completed");
        assertThat(call.get("ended_by").asText()).isEqualTo("remote");
        assertThat(call.get("quality").get("codec").asText()).isEqualTo("opus");
        assertThat(call.get("disposition").asText()).isEqualTo("sale");
        assertThat(call.get("notes").asText()).isEqualTo("called back");
    }

    private static long millis(JsonNode call, String field) {
        return java.time.Instant.parse(call.get(field).asText()).toEpochMilli();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
