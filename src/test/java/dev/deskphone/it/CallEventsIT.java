package dev.deskphone.it;

import static dev.deskphone.testsupport.CallLab.awaitCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.CallLab;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end: two packaged Deskphones call each other through a real Kamailio (inside a private
 * network namespace, with PulseAudio devices), each with its embedded backend (no --backend). The
 * rows in each app's backend must be exactly the browser softphone's events for the calls it saw: created
 * (inbound when the INVITE arrived, outbound before it was sent), answered, ended with the reason,
 * who hung up and the media's quality, and the wrap-up sent when the wrap-up timer
 * ({@code --wrapup-seconds 2}) expired.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallEventsIT {
    private static final Duration CALL_TIMEOUT = CallLab.CALL_TIMEOUT;
    private static final int WRAPUP_SECONDS = 2;
    private static final Path LOGS = Path.of("target", "it-logs", "CallEventsIT");

    private CallLab lab;
    private DeskphoneProcess a;
    private DeskphoneProcess b;
    private long testStartedAt;

    @BeforeAll
    void startEverything() throws Exception {
        lab = CallLab.start(
                Files.createTempDirectory("deskphone-call-events"),
                LOGS,
                List.of(new SineSource("tone440", 440), new SineSource("tone1000", 1000)),
                List.of("speakerA", "speakerB"),
                2);
        a = lab.app("a", "1001", "tone440", "speakerA", "--disposition", "Sale", "--disposition", "No sale");
        b = lab.app("b", "1002", "tone1000", "speakerB", "--disposition", "Sale", "--disposition", "No sale");
        a.start(lab.namespace(), "--wrapup-seconds", String.valueOf(WRAPUP_SECONDS));
        b.start(lab.namespace(), "--auto-answer", "--wrapup-seconds", String.valueOf(WRAPUP_SECONDS));
        CallLab.awaitReadyAndOnline(Duration.ofSeconds(40), a, b);
    }

    @BeforeEach
    void markTestStart() {
        testStartedAt = System.currentTimeMillis();
    }

    @AfterAll
    void stopEverything() throws Exception {
        Fixtures.closeAll(lab);
    }

    @Test
    @Order(1)
    void outboundCallAnsweredAndHungUpByTheCaller() throws Exception {
        a.cliOk("dial", "1002");
        awaitCall(
                a,
                "A's call established",
                c -> "established".equals(c.path("state").asText()));
        awaitCall(
                b, "B auto-answered", c -> "established".equals(c.path("state").asText()));
        Thread.sleep(4000); // media long enough for the stats to know the codec
        a.request("call", "action", "hangup");
        String idA = awaitEnded(a).path("callId").asText();
        String idB = awaitEnded(b).path("callId").asText();

        Map<String, Object> atA = awaitWrappedUp(a, idA);
        assertThat(atA)
                .containsEntry("direction", "outbound")
                .containsEntry("account", "1001")
                .containsEntry("profile", "pbx")
                .containsEntry("local_uri", "sip:1001@" + Kamailio.DOMAIN)
                .containsEntry("remote_uri", "sip:1002@" + Kamailio.DOMAIN)
                .containsEntry("end_reason", "completed")
                .containsEntry("ended_by", "local");
        assertThat((String) atA.get("codec")).startsWith("opus");
        assertTimesInOrder(atA, true);

        Map<String, Object> atB = awaitWrappedUp(b, idB);
        assertThat(atB)
                .containsEntry("direction", "inbound")
                .containsEntry("account", "1002")
                .containsEntry("local_uri", "sip:1002@" + Kamailio.DOMAIN)
                .containsEntry("end_reason", "completed")
                .containsEntry("ended_by", "remote");
        assertThat((String) atB.get("remote_uri")).contains("1001@" + Kamailio.DOMAIN);
        assertTimesInOrder(atB, true);
        assertThat(idA).isNotEqualTo(idB);
        assertOnlyTheseCalls(a, idA);
        assertOnlyTheseCalls(b, idB);
    }

    @Test
    @Order(2)
    void inboundCallRingsIsAnsweredAndTheCallerHangsUp() throws Exception {
        b.cliOk("dial", "1001");
        awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        Thread.sleep(500);
        a.request("call", "action", "answer");
        awaitCall(a, "A answered", c -> "established".equals(c.path("state").asText()));
        b.request("call", "action", "hangup");
        String idA = awaitEnded(a).path("callId").asText();
        awaitEnded(b);

        Map<String, Object> atA = awaitWrappedUp(a, idA);
        assertThat(atA)
                .containsEntry("direction", "inbound")
                .containsEntry("account", "1001")
                .containsEntry("end_reason", "completed")
                .containsEntry("ended_by", "remote");
        assertTimesInOrder(atA, true);
        assertThat((long) atA.get("answered_at") - (long) atA.get("started_at"))
                .as("ringing before the answer")
                .isGreaterThanOrEqualTo(400);
    }

    @Test
    @Order(3)
    void aCallerWhoGivesUpIsAMissedCallWithoutAnswer() throws Exception {
        b.cliOk("dial", "1001");
        awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        awaitCall(b, "B hears ringback", c -> "ringback".equals(c.path("state").asText()));
        b.request("call", "action", "hangup");
        String idB = awaitEnded(b).path("callId").asText();
        String idA = awaitEnded(a).path("callId").asText();

        Map<String, Object> atA = awaitWrappedUp(a, idA);
        assertThat(atA)
                .containsEntry("direction", "inbound")
                .containsEntry("end_reason", "missed")
                .containsEntry("ended_by", "remote")
                .containsEntry("answered_at", null)
                .containsEntry("codec", null);
        assertTimesInOrder(atA, false);
        Map<String, Object> atB = awaitWrappedUp(b, idB);
        assertThat(atB)
                .containsEntry("direction", "outbound")
                .containsEntry("end_reason", "cancelled")
                .containsEntry("ended_by", "local")
                .containsEntry("answered_at", null);
        assertThat(a.status().orElseThrow().path("backend").path("dead").asInt())
                .isZero();
        assertThat(b.status().orElseThrow().path("backend").path("dead").asInt())
                .isZero();
        assertThat(a.cliOk("status").stdout()).contains("Call events: backend online, 0 waiting, 0 refused");
    }

    // ------------------------------------------------------------------ helpers

    /** started ≤ answered ≤ ended, and the wrap-up sent by its timer, {@value #WRAPUP_SECONDS} s after the end. */
    private static void assertTimesInOrder(Map<String, Object> row, boolean answered) {
        long started = (long) row.get("started_at");
        long ended = (long) row.get("ended_at");
        if (answered) {
            long answeredAt = (long) row.get("answered_at");
            assertThat(answeredAt).isBetween(started, ended);
        }
        assertThat(ended).isGreaterThanOrEqualTo(started);
        assertThat((long) row.get("wrapup_ended_at") - ended)
                .isBetween(WRAPUP_SECONDS * 1000L - 50, WRAPUP_SECONDS * 1000L + 1500);
        assertThat(row.get("disposition")).isNull();
    }

    private Map<String, Object> awaitWrappedUp(DeskphoneProcess app, String callId) throws Exception {
        return app.awaitWrappedUp(callId, Duration.ofSeconds(WRAPUP_SECONDS + 15));
    }

    private void assertOnlyTheseCalls(DeskphoneProcess app, String... ids) throws Exception {
        List<String> stored = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + app.embeddedBackendDb());
                ResultSet rs = db.createStatement()
                        .executeQuery("SELECT id FROM calls WHERE started_at >= " + (testStartedAt - 1000))) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        assertThat(stored).containsExactlyInAnyOrder(ids);
    }

    private JsonNode awaitEnded(DeskphoneProcess app) throws Exception {
        return app.awaitEnded(testStartedAt, CALL_TIMEOUT);
    }
}
