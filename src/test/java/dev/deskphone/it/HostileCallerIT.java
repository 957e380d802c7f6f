package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.RawSipCaller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Callers Deskphone does not control, through a real Kamailio: a hand-written INVITE whose From
 * carries what a hostile or broken caller might put there. Each call must ring, be refused by the
 * agent, and reach the records with the far end's text clipped and cleaned, never refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCallerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path LOGS = Path.of("target", "it-logs", "HostileCallerIT");

    private Path dir;
    private Kamailio pbx;
    private DeskphoneProcess app;
    private Map<String, String> users;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("deskphone-hostile-caller");
        Files.createDirectories(LOGS);
        users = AccountRegistrationIT.subscribers(2);
        pbx = Kamailio.start(dir.resolve("pbx"), users);
        app = new DeskphoneProcess(dir.resolve("app"));
        app.cliOk("profile", "add", "pbx", "--server", pbx.wsUrl(), "--domain", Kamailio.DOMAIN, "--default");
        AccountRegistrationIT.addAccount(app, "1001", users.get("1001"));
        app.start("--wrapup-seconds", "1");
        app.awaitStatus(
                "registered, backend online",
                Duration.ofSeconds(40),
                s -> AccountRegistrationIT.allIn(s, "registered", 1)
                        && "online".equals(s.path("backend").path("state").asText()));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            Fixtures.closeAll(app, pbx);
        } finally {
            if (app != null) {
                Files.writeString(LOGS.resolve("app.log"), app.appOutput());
            }
        }
    }

    static Stream<Arguments> callers() {
        String rlo = "\u202E";
        return Stream.of(
                Arguments.of("10 000-character name", quoted("x".repeat(10_000)), "", "x".repeat(255) + "…"),
                Arguments.of(
                        "markup",
                        quoted("<img src=x onerror=alert(1)><script>alert(2)</script>"),
                        "",
                        "<img src=x onerror=alert(1)><script>alert(2)</script>"),
                Arguments.of(
                        "RTL override, emoji across the limit",
                        quoted(rlo + "x".repeat(253) + "😀😀😀"),
                        "",
                        rlo + "x".repeat(253) + "😀…"),
                Arguments.of(
                        "control characters as quoted-pairs",
                        quoted("A\u0001B\u0007C\u001b[2J"),
                        "",
                        "A\uFFFDB\uFFFDC\uFFFD[2J"),
                Arguments.of(
                        "invalid UTF-8 bytes",
                        bytes("Bo", new byte[] {(byte) 0xFF, (byte) 0xC3}, "b"),
                        "",
                        "Bo\uFFFD\uFFFDb"),
                Arguments.of("600-character URI parameter", quoted("Long URI"), ";x=" + "u".repeat(600), "Long URI"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void theCallReachesTheRecordsWithTheFarEndsTextClipped(
            String name, byte[] displayName, String fromParams, String stored) throws Exception {
        long since = System.currentTimeMillis();
        try (RawSipCaller caller = new RawSipCaller(pbx.sipPort(), Kamailio.DOMAIN, "1002", users.get("1002"))) {
            RawSipCaller.Call call = caller.invite("1001", displayName, fromParams);
            JsonNode ringing = app.awaitCall(
                    "the hostile call rings",
                    TIMEOUT,
                    c -> "ringing".equals(c.path("state").asText()));
            String callId = ringing.path("callId").asText();
            app.request("call", "action", "reject", "callId", callId);
            assertThat(call.awaitFinal(TIMEOUT))
                    .as("the agent's refusal reaches the caller")
                    .isEqualTo(486);
            app.awaitEnded(since, TIMEOUT);

            Map<String, Object> row = app.awaitWrappedUp(callId, TIMEOUT);
            String shown = (String) row.get("remote_display_name");
            System.out.printf(
                    "%s: stored display name of %d code points%n", name, shown.codePointCount(0, shown.length()));
            assertThat(shown).isEqualTo(stored);
            assertThat(shown.codePointCount(0, shown.length())).isLessThanOrEqualTo(256);
            String uri = (String) row.get("remote_uri");
            assertThat(uri).startsWith("sip:1002@" + Kamailio.DOMAIN);
            assertThat(uri.codePointCount(0, uri.length())).isLessThanOrEqualTo(512);
            if (!fromParams.isEmpty()) {
                assertThat(uri).hasSize(512).endsWith("…");
            }
            JsonNode backend = app.status().orElseThrow().path("backend");
            assertThat(backend.path("dead").asInt()).as("nothing refused").isZero();
        }
    }

    /**
     * The far end's own description of itself (User-Agent) and of why it gave up (the Reason of its
     * CANCEL, RFC 3326), hostile both: long, markup, control characters, right-to-left, emoji and
     * invalid UTF-8. The call is recorded as missed, with both stored cleaned and clipped.
     */
    @org.junit.jupiter.api.Test
    void theFarEndsUserAgentAndCancelReasonAreStoredCleanedAndClipped() throws Exception {
        long since = System.currentTimeMillis();
        byte[] userAgent = bytes(
                "\u202E<script>alert(1)</script>\u0007😀", new byte[] {(byte) 0xFF, (byte) 0xC3}, "x".repeat(2_000));
        byte[] reason = bytes(
                "SIP;cause=200;text=\"<b>Call completed elsewhere</b> \u202E😀",
                new byte[] {(byte) 0xFE},
                "r".repeat(600) + "\"");
        try (RawSipCaller caller =
                new RawSipCaller(pbx.sipPort(), Kamailio.DOMAIN, "1002", users.get("1002")).userAgent(userAgent)) {
            RawSipCaller.Call call = caller.invite("1001", quoted("Far End"), "");
            JsonNode ringing = app.awaitCall(
                    "the hostile call rings",
                    TIMEOUT,
                    c -> "ringing".equals(c.path("state").asText()));
            String callId = ringing.path("callId").asText();
            call.cancel(reason);
            assertThat(call.awaitFinal(TIMEOUT)).as("the INVITE ends cancelled").isEqualTo(487);
            app.awaitEnded(since, TIMEOUT);

            Map<String, Object> row = app.awaitWrappedUp(callId, TIMEOUT);
            String storedAgent = (String) row.get("remote_user_agent");
            String storedReason = (String) row.get("remote_reason");
            System.out.printf(
                    "far end's headers: User-Agent of %d bytes stored as %d code points, Reason of %d bytes as %d%n",
                    userAgent.length,
                    storedAgent.codePointCount(0, storedAgent.length()),
                    reason.length,
                    storedReason.codePointCount(0, storedReason.length()));
            assertThat(row.get("end_reason")).isEqualTo("missed");
            assertThat(storedAgent)
                    .startsWith("\u202E<script>alert(1)</script>\uFFFD😀\uFFFD\uFFFDx")
                    .endsWith("…");
            assertThat(storedAgent.codePointCount(0, storedAgent.length())).isEqualTo(256);
            assertThat(storedReason)
                    .startsWith("SIP;cause=200;text=\"<b>Call completed elsewhere</b> \u202E😀\uFFFDr")
                    .endsWith("…");
            assertThat(storedReason.codePointCount(0, storedReason.length())).isEqualTo(256);
            JsonNode backend = app.status().orElseThrow().path("backend");
            assertThat(backend.path("dead").asInt()).as("nothing refused").isZero();
        }
    }

    private static byte[] quoted(String text) {
        return RawSipCaller.quoted(text);
    }

    private static byte[] bytes(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
