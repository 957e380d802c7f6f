package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.RawSipCaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Do not disturb against a real Kamailio, set the way an agent or a script sets it
 * ({@code deskphone dnd}): a caller gets the profile's chosen refusal without the phone ringing, the
 * call reaches the records and the history as missed, and {@code deskphone dnd off} makes calls ring again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoNotDisturbIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path LOGS = Path.of("target", "it-logs", "DoNotDisturbIT");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private Kamailio pbx;
    private DeskphoneProcess app;
    private Map<String, String> users;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("deskphone-dnd");
        Files.createDirectories(LOGS);
        users = AccountRegistrationIT.subscribers(2);
        pbx = Kamailio.start(dir.resolve("pbx"), users);
        app = new DeskphoneProcess(dir.resolve("app"));
        app.cliOk(
                "profile",
                "add",
                "pbx",
                "--server",
                pbx.wsUrl(),
                "--domain",
                Kamailio.DOMAIN,
                "--default",
                "--dnd-response",
                "603");
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

    @Test
    void aCallInDoNotDisturbIsRefusedAndMissedAndRingsAgainWhenItIsOff() throws Exception {
        assertThat(app.cliOk("dnd", "on", "--account", "1001").stdout()).isEqualTo("Do not disturb: pbx/1001\n");
        assertThat(app.status()
                        .orElseThrow()
                        .path("availability")
                        .path("pbx/1001")
                        .asText())
                .isEqualTo("dnd");
        assertThat(app.cliOk("status").stdout()).containsPattern("pbx/1001 +registered +DND");

        long since = System.currentTimeMillis();
        try (RawSipCaller caller = new RawSipCaller(pbx.sipPort(), Kamailio.DOMAIN, "1002", users.get("1002"))) {
            RawSipCaller.Call refused = caller.invite("1001", RawSipCaller.quoted("Customer"), "");
            assertThat(refused.awaitFinal(TIMEOUT))
                    .as("the refusal the caller gets: the profile's --dnd-response")
                    .isEqualTo(603);
            JsonNode ended = app.awaitEnded(since, TIMEOUT);
            assertThat(ended.path("reason").asText()).isEqualTo("missed");
            assertThat(ended.path("sipStatus").asInt()).isEqualTo(603);
            String callId = ended.path("callId").asText();

            Map<String, Object> row = app.awaitWrappedUp(callId, TIMEOUT);
            assertThat(row.get("end_reason")).as("the call record").isEqualTo("missed");
            assertThat(row.get("sip_status")).isEqualTo(603L);
            JsonNode missed =
                    JSON.readTree(app.cliOk("history", "--json", "--missed").stdout());
            assertThat(missed).hasSize(1);
            assertThat(missed.get(0).path("callId").asText()).isEqualTo(callId);
            assertThat(missed.get(0).path("unavailable").asText()).isEqualTo("dnd");
            assertThat(missed.get(0).path("sipStatus").asInt()).isEqualTo(603);
            assertThat(missed.get(0).path("remoteName").asText()).isEqualTo("Customer");

            assertThat(app.cliOk("dnd", "off").stdout()).isEqualTo("Available: pbx/1001\n");
            RawSipCaller.Call rings = caller.invite("1001", RawSipCaller.quoted("Customer"), "");
            JsonNode ringing = app.awaitCall(
                    "the call rings again",
                    TIMEOUT,
                    c -> "ringing".equals(c.path("state").asText()));
            app.request(
                    "call", "action", "reject", "callId", ringing.path("callId").asText());
            assertThat(rings.awaitFinal(TIMEOUT)).as("the agent's own refusal").isEqualTo(486);
        }
    }
}
