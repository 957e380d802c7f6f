package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.CallLab;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Hearing;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import dev.deskphone.testsupport.SpeakerRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A reload of the softphone page asked for during a call waits for the call: two packaged Deskphones
 * talk through a real Kamailio inside a private network namespace (A's microphone a 440 Hz sine,
 * B's 1000 Hz), A's page is asked to reload, and the call goes on with both tones heard. Once A
 * hangs up and the call's wrap-up is done, the page reloads, registers again at the PBX, and the
 * call reaches the records as the agent ended it (not cut off by the reload).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageReloadIT {
    private static final Path LOGS = Path.of("target", "it-logs", "PageReloadIT");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final double TONE_A = 440;
    private static final double TONE_B = 1000;
    private static final String HELD = "Reloading the softphone page once the calls in progress have ended";
    private static final String RELOADING = "No call is in progress any more: reloading the softphone page";

    private CallLab lab;
    private Kamailio pbx;
    private DeskphoneProcess a;
    private DeskphoneProcess b;
    private SpeakerRecorder speakerA;
    private SpeakerRecorder speakerB;
    private final Hearing hearing = new Hearing(new ArrayList<>());

    @BeforeAll
    void start() throws Exception {
        lab = CallLab.start(
                Files.createTempDirectory("deskphone-reload"),
                LOGS,
                List.of(new SineSource("tone440", (int) TONE_A), new SineSource("tone1000", (int) TONE_B)),
                List.of("speakerA", "speakerB"),
                2);
        pbx = lab.pbx();
        a = lab.toneApp("a", "1001", "tone440", "speakerA");
        b = lab.toneApp("b", "1002", "tone1000", "speakerB", "--auto-answer", "0");
        // A short wrap-up timer: the wrap-up ends by itself, without a disposition.
        a.start(lab.namespace(), "--wrapup-seconds", "2");
        b.start(lab.namespace(), "--wrapup-seconds", "1");
        speakerA = lab.record("speakerA", "parec-a.log");
        speakerB = lab.record("speakerB", "parec-b.log");
        CallLab.awaitReadyAndOnline(Duration.ofSeconds(40), a, b);
    }

    @AfterAll
    void stop() throws Exception {
        Fixtures.closeAll(lab);
    }

    @Test
    void aReloadAskedForDuringACallWaitsForTheCallAndItsWrapUp() throws Exception {
        long since = System.currentTimeMillis();
        a.cliOk("dial", "1002");
        JsonNode call = a.awaitCall(
                "A's call established",
                TIMEOUT,
                c -> "established".equals(c.path("state").asText()));
        b.awaitCall(
                "B auto-answered",
                TIMEOUT,
                c -> "established".equals(c.path("state").asText()));
        String callId = call.path("callId").asText();
        hearing.assertHears(speakerA, TONE_B, "A hears B before the reload");
        hearing.assertHears(speakerB, TONE_A, "B hears A before the reload");
        Set<Kamailio.Contact> bindingsBefore = new HashSet<>(pbx.contactsOf("1001"));

        assertThat(a.request("reload-page").path("ok").asBoolean()).isTrue();
        a.awaitLog("the reload held back", TIMEOUT, log -> log.contains(HELD));

        // The page stays: the same call goes on, both ways, and the account stays registered.
        hearing.assertHears(speakerA, TONE_B, "A hears B while the reload waits");
        hearing.assertHears(speakerB, TONE_A, "B hears A while the reload waits");
        JsonNode status = a.status().orElseThrow();
        assertThat(DeskphoneProcess.activeCalls(status)).singleElement().satisfies(c -> {
            assertThat(c.path("callId").asText()).isEqualTo(callId);
            assertThat(c.path("state").asText()).isEqualTo("established");
        });
        assertThat(AccountRegistrationIT.allIn(status, "registered", 1)).isTrue();
        assertThat(Files.readString(a.log())).doesNotContain(RELOADING);

        a.request("call", "action", "hangup");
        JsonNode ended = a.awaitEnded(since, TIMEOUT);
        b.awaitEnded(since, TIMEOUT);
        assertThat(ended.path("reason").asText()).isEqualTo("completed");

        // After the call and its wrap-up the page reloads and registers again (a new binding at the PBX).
        a.awaitLog("the held-back reload", TIMEOUT, log -> log.contains(RELOADING));
        a.awaitStatus("A registered again", TIMEOUT, s -> AccountRegistrationIT.allIn(s, "registered", 1));
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (bindingsBefore.containsAll(pbx.contactsOf("1001"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(pbx.contactsOf("1001"))
                .as("the reloaded page's REGISTER reached the PBX")
                .isNotEmpty()
                .anySatisfy(binding -> assertThat(bindingsBefore).doesNotContain(binding));

        // The call is in the records as it went: ended by the agent, wrapped up by its timer, not cut off.
        Map<String, Object> row = a.awaitWrappedUp(callId, TIMEOUT);
        assertThat(row.get("end_reason")).isEqualTo("completed");
        assertThat(row.get("disposition"))
                .as("wrap-up not cut off by the reload")
                .isNotEqualTo("page-reloaded");
        assertThat(a.status().orElseThrow().path("backend").path("dead").asInt())
                .isZero();
    }
}
