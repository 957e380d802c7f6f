package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.PostgresExtension;
import dev.deskphone.testsupport.PostgresExtension.Postgres;
import dev.deskphone.testsupport.ServerProcesses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of {@code deskphone server} under load: after a restart, every request that got a 2xx
 * is in the database. The server runs as a child JVM so the kill is real.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
@ExtendWith(PostgresExtension.class)
class CrashSafetyIT {
    @Parameter
    TestDatabase database;

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesAKill(Postgres postgres) throws Exception {
        String jdbcUrl = database.newJdbcUrl(dir, postgres, "crash");
        String token;
        try (TokenAdmin admin = TokenAdmin.open(jdbcUrl)) {
            token = admin.create("crash-test");
        }

        Process server = startServer(dir, jdbcUrl, "first");
        URI base = ServerProcesses.awaitListening(server, dir.resolve("first.out"), Duration.ofSeconds(60));
        LoadUntilStopped load = new LoadUntilStopped(base, token, 8);
        Instant deadline = Instant.now().plusSeconds(20);
        while (load.answeredAcked.size() < 1_500 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        server.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        load.close();
        // The kill must land under real load; how much load a busy 2-core CI machine manages varies.
        assertThat(load.answeredAcked).hasSizeGreaterThanOrEqualTo(200);

        Process restarted = startServer(dir, jdbcUrl, "second");
        try {
            URI again = ServerProcesses.awaitListening(restarted, dir.resolve("second.out"), Duration.ofSeconds(60));
            Map<String, Long> stored = StoredCalls.read(jdbcUrl);
            assertThat(stored.keySet()).containsAll(load.createdAcked);
            for (String id : load.answeredAcked) {
                assertThat(stored.get(id)).as("answered_at of %s", id).isNotNull();
            }
            ApiClient api = new ApiClient(again, token);
            for (String id : load.answeredAcked.stream().limit(20).toList()) {
                assertThat(api.get("/internal/calls/" + id).json().get("state").asText())
                        .isEqualTo("answered");
            }
        } finally {
            restarted.destroy();
            restarted.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static Process startServer(Path dir, String jdbcUrl, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.deskphone.cli.Main",
                "server",
                "--port",
                "0",
                "--db",
                jdbcUrl,
                "--data-dir",
                dir.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        builder.environment().put("DESKPHONE_LOG_DIR", dir.resolve("logs").toString());
        return builder.start();
    }
}
