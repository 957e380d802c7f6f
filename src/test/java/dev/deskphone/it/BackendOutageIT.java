package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.NetworkNamespace;
import dev.deskphone.testsupport.PulseAudioFixture;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app with {@code --backend} (a {@code deskphone server} of its own, inside the test namespace):
 * the backend is down for a whole call, which works anyway; the events wait in the outbox; the app is
 * then killed with {@code kill -9} and started again, plainly, as the menu entry does, on the same
 * backend set by the administrator with {@code deskphone settings set --system}; the backend comes
 * up; every event arrives, in order, once.
 */
class BackendOutageIT {
    private static final Path LOGS = Path.of("target", "it-logs", "BackendOutageIT");
    private static final int PORT = 18_431;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Process server;

    @AfterEach
    void stopEverything() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        List<AutoCloseable> lastFirst = new ArrayList<>(toClose);
        java.util.Collections.reverse(lastFirst);
        Fixtures.closeAll(lastFirst);
    }

    @Test
    void aCallMadeWhileTheBackendIsDownIsDeliveredAfterKillNineAndRestart() throws Exception {
        Path dir = Files.createTempDirectory("deskphone-outage");
        Files.createDirectories(LOGS);
        NetworkNamespace namespace = NetworkNamespace.create();
        toClose.add(namespace);
        PulseAudioFixture pulse = PulseAudioFixture.start(
                dir,
                List.of(new SineSource("tone440", 440), new SineSource("tone1000", 1000)),
                List.of("speakerA", "speakerB"));
        toClose.add(pulse);
        Map<String, String> users = AccountRegistrationIT.subscribers(2);
        Kamailio pbx = Kamailio.inNamespace(namespace, dir.resolve("pbx"), users);
        toClose.add(pbx);

        // The backend's token exists before the backend runs (as an admin would set it up).
        Path serverData = dir.resolve("server");
        DeskphoneProcess admin = new DeskphoneProcess(dir.resolve("admin"));
        String token = admin.cliOk(
                        "server", "token", "create", "agents", "--role", "admin", "--data-dir", serverData.toString())
                .stdout()
                .strip();
        Path tokenFile = Files.writeString(dir.resolve("backend.token"), token + "\n");
        String backendUrl = "http://127.0.0.1:" + PORT;

        DeskphoneProcess a = app(dir, "a", "1001", users, pulse, pbx, "tone440", "speakerA");
        DeskphoneProcess b = app(dir, "b", "1002", users, pulse, pbx, "tone1000", "speakerB");
        String[] aArgs = {"--backend", backendUrl, "--backend-token-file", tokenFile.toString(), "--wrapup-seconds", "1"
        };
        a.start(namespace, aArgs);
        b.start(namespace, "--auto-answer");
        for (DeskphoneProcess app : List.of(a, b)) {
            app.awaitStatus(
                    "registered and media ready",
                    Duration.ofSeconds(40),
                    s -> AccountRegistrationIT.allIn(s, "registered", 1)
                            && "ready".equals(s.path("mediaEngine").asText()));
        }
        a.awaitStatus(
                "the backend is seen as offline",
                Duration.ofSeconds(20),
                s -> "offline".equals(s.path("backend").path("state").asText()));

        // A whole call with the backend down: it works, and its four events wait.
        a.cliOk("dial", "1002");
        awaitActive(a, "established");
        Thread.sleep(3000);
        a.request("call", "action", "hangup");
        JsonNode waiting = a.awaitStatus(
                "four events waiting",
                CALL_TIMEOUT,
                s -> s.path("backend").path("pending").asInt() == 4
                        && activeCalls(s).isEmpty());
        String callId = lastCallId(waiting);
        assertThat(waiting.path("backend").path("state").asText()).isEqualTo("offline");

        // kill -9 with the events pending; the administrator makes the flags launch settings; a plain new
        // start (no flags, as from the menu or autostart): the outbox is still there, for that backend.
        a.process().destroyForcibly();
        assertThat(a.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        a.cliOk(Stream.concat(Stream.of("settings", "set", "--system"), Arrays.stream(aArgs))
                .toArray(String[]::new));
        a.start(namespace);
        a.awaitStatus(
                "the restarted app still holds the four events",
                Duration.ofSeconds(40),
                s -> s.path("backend").path("pending").asInt() == 4);

        // The backend comes up: everything is delivered, once, in order.
        server = namespace
                .command(List.of(
                        DeskphoneProcess.launcher().toString(),
                        "server",
                        "--port",
                        String.valueOf(PORT),
                        "--data-dir",
                        serverData.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        LOGS.resolve("server.out").toFile()))
                .start();
        a.awaitStatus(
                "all delivered",
                Duration.ofSeconds(60),
                s -> "online".equals(s.path("backend").path("state").asText())
                        && s.path("backend").path("pending").asInt() == 0);
        assertThat(a.status().orElseThrow().path("backend").path("dead").asInt())
                .isZero();

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + serverData.resolve("backend.db"));
                ResultSet rs = db.createStatement().executeQuery("SELECT * FROM calls")) {
            assertThat(rs.next()).as("one call stored").isTrue();
            assertThat(rs.getString("id")).isEqualTo(callId);
            assertThat(rs.getString("direction")).isEqualTo("outbound");
            assertThat(rs.getString("account")).isEqualTo("1001");
            assertThat(rs.getString("end_reason")).isEqualTo("completed");
            assertThat(rs.getString("ended_by")).isEqualTo("local");
            long started = rs.getLong("started_at");
            long answered = rs.getLong("answered_at");
            long ended = rs.getLong("ended_at");
            long wrapup = rs.getLong("wrapup_ended_at");
            assertThat(started).isPositive().isLessThanOrEqualTo(answered);
            assertThat(answered).isLessThanOrEqualTo(ended);
            assertThat(wrapup - ended).isBetween(950L, 2500L);
            // Event times are when they happened, not when delivered (the delivery came much later).
            assertThat(rs.getLong("received_at") - wrapup).isGreaterThan(2000);
            assertThat(rs.next()).as("exactly one call").isFalse();
        }
        Files.writeString(LOGS.resolve("app-a.log"), a.appOutput());
    }

    private DeskphoneProcess app(
            Path dir,
            String name,
            String extension,
            Map<String, String> users,
            PulseAudioFixture pulse,
            Kamailio pbx,
            String mic,
            String speaker)
            throws Exception {
        DeskphoneProcess app = new DeskphoneProcess(dir.resolve(name));
        toClose.add(app);
        app.env().putAll(pulse.clientEnvironment(mic, speaker));
        app.cliOk("profile", "add", "pbx", "--server", pbx.wsUrl(), "--domain", Kamailio.DOMAIN, "--default");
        AccountRegistrationIT.addAccount(app, extension, users.get(extension));
        return app;
    }

    private static List<JsonNode> activeCalls(JsonNode status) {
        List<JsonNode> calls = new ArrayList<>();
        status.path("calls").forEach(c -> {
            if (!"ended".equals(c.path("state").asText())) {
                calls.add(c);
            }
        });
        return calls;
    }

    private static void awaitActive(DeskphoneProcess app, String state) throws Exception {
        app.awaitStatus(
                "a call " + state,
                CALL_TIMEOUT,
                s -> activeCalls(s).stream()
                        .anyMatch(c -> state.equals(c.path("state").asText())));
    }

    private static String lastCallId(JsonNode status) {
        String id = null;
        for (JsonNode call : status.path("calls")) {
            id = call.path("callId").asText();
        }
        return id;
    }
}
