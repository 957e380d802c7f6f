package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.DeskphoneProcess.CliResult;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.NetworkNamespace;
import dev.deskphone.testsupport.PulseAudioFixture;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A CRM's view of a call, end to end: two packaged Deskphones through a real Kamailio; B calls A.
 * {@code deskphone calls watch --json} on A sees the call ring, be answered and end, and
 * {@code deskphone call answer} / {@code call hangup} on A's command line act on it.
 */
class CallControlIT {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "it-logs", "CallControlIT");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWatcherSeesTheCallRingBeAnsweredAndEndWhileTheCommandLineControlsIt() throws Exception {
        Path dir = Files.createTempDirectory("deskphone-call-control");
        Files.createDirectories(LOGS);
        NetworkNamespace namespace = NetworkNamespace.create();
        PulseAudioFixture pulse = null;
        Kamailio pbx = null;
        DeskphoneProcess a = null;
        DeskphoneProcess b = null;
        Process watch = null;
        try {
            pulse = PulseAudioFixture.start(
                    dir, List.of(new SineSource("tone440", 440)), List.of("speakerA", "speakerB"));
            Map<String, String> users = AccountRegistrationIT.subscribers(2);
            pbx = Kamailio.inNamespace(namespace, dir.resolve("pbx"), users);
            a = app(dir.resolve("a"), pbx, pulse, "1001", users, "speakerA");
            b = app(dir.resolve("b"), pbx, pulse, "1002", users, "speakerB");
            a.start(namespace);
            b.start(namespace);
            for (DeskphoneProcess app : List.of(a, b)) {
                app.awaitStatus(
                        "registered with the media engine ready",
                        Duration.ofSeconds(120),
                        s -> AccountRegistrationIT.allIn(s, "registered", 1)
                                && "ready".equals(s.path("mediaEngine").asText()));
            }
            CliResult idle = a.cli("call", "hangup");
            assertThat(idle.exitCode()).as(idle.stderr()).isEqualTo(8);
            assertThat(idle.stderr()).contains("hangup: no call in progress");

            Path watchOut = dir.resolve("watch.out");
            watch = a.launchAnother(watchOut, "calls", "watch", "--json");
            awaitWatchers(a, watchOut);

            b.cliOk("dial", "1001");
            JsonNode ringing = awaitEvent(watchOut, "ringing");
            String callId = ringing.path("callId").asText();
            assertThat(ringing.path("direction").asText()).isEqualTo("inbound");
            assertThat(ringing.path("remote").asText()).contains("1002");

            assertThat(a.cliOk("call", "answer").stdout()).isEqualTo("answer: call " + callId + "\n");
            assertThat(awaitEvent(watchOut, "answered").path("callId").asText()).isEqualTo(callId);
            JsonNode listed = JSON.readTree(a.cliOk("call", "list", "--json").stdout());
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("callId").asText()).isEqualTo(callId);
            CliResult answerAgain = a.cli("call", "answer", callId);
            assertThat(answerAgain.exitCode()).isEqualTo(8);
            assertThat(answerAgain.stderr()).contains("call " + callId + " is established");

            a.cliOk("call", "hangup");
            JsonNode ended = awaitEvent(watchOut, "ended");
            assertThat(ended.path("callId").asText()).isEqualTo(callId);
            assertThat(ended.path("reason").asText()).isEqualTo("completed");
            assertThat(ended.path("endedBy").asText()).isEqualTo("local");
            assertThat(watch.isAlive()).as("the watch runs until interrupted").isTrue();
            assertThat(events(watchOut)).containsSubsequence("ringing", "answered", "ended");
        } finally {
            if (watch != null) {
                watch.destroy();
            }
            try {
                Fixtures.closeAll(a, b, pbx, pulse, namespace);
            } finally {
                if (a != null) {
                    Files.writeString(LOGS.resolve("app-a.log"), a.appOutput());
                }
                if (Files.exists(dir.resolve("watch.out"))) {
                    Files.copy(
                            dir.resolve("watch.out"),
                            LOGS.resolve("watch.out"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A packaged app with one account at {@code pbx}, its microphone the fixture's tone and its own speaker. */
    static DeskphoneProcess app(
            Path home,
            Kamailio pbx,
            PulseAudioFixture pulse,
            String extension,
            Map<String, String> users,
            String speaker)
            throws Exception {
        DeskphoneProcess app = new DeskphoneProcess(home);
        app.env().putAll(pulse.clientEnvironment("tone440", speaker));
        app.cliOk("profile", "add", "pbx", "--server", pbx.wsUrl(), "--domain", Kamailio.DOMAIN, "--default");
        AccountRegistrationIT.addAccount(app, extension, users.get(extension));
        return app;
    }

    /** Waits until the app's status counts the watch: a call that rang before it connected would be missed. */
    private static void awaitWatchers(DeskphoneProcess app, Path watchOut) throws Exception {
        Instant deadline = Instant.now().plus(STEP);
        while (Instant.now().isBefore(deadline)) {
            if (app.status().orElseThrow().path("callWatchers").asInt() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("calls watch did not connect: " + Files.readString(watchOut));
    }

    private static JsonNode awaitEvent(Path watchOut, String event) throws Exception {
        Instant deadline = Instant.now().plus(STEP);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode line : lines(watchOut)) {
                if (event.equals(line.path("event").asText())) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("calls watch printed no '" + event + "' line: " + Files.readString(watchOut));
    }

    private static List<String> events(Path watchOut) throws IOException {
        return lines(watchOut).stream().map(l -> l.path("event").asText()).toList();
    }

    private static List<JsonNode> lines(Path watchOut) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(watchOut)) {
            if (line.startsWith("{\"event\"")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
