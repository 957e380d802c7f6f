package dev.deskphone.it;

import static dev.deskphone.testsupport.CallLab.assertOk;
import static dev.deskphone.testsupport.CallLab.awaitCall;
import static dev.deskphone.testsupport.CallLab.established;
import static dev.deskphone.testsupport.CallLab.inState;
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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfers between three packaged Deskphones through a real Kamailio in a private network
 * namespace, each with a sine "microphone" and a null-sink "speaker": A (1001, 440 Hz) is the agent,
 * B (1002, 1000 Hz) the caller, C (1003, 1500 Hz) the target. B calls A; A consults C (B held), then
 * completes: A's REFER with Replaces (RFC 5589 §7) sends B to C, C swaps A's consultation for B's
 * call, and B and C must hear each other's tones while A's two calls have ended with the transfer
 * (kind {@code attended}, target C) in their {@code ended} events, as A's embedded backend stored
 * them. Then a blind transfer, whose {@code ended} says {@code blind}. Then Complete while the
 * target D (1004, 2000 Hz, answering by hand) still rings: A cancels its consultation and sends B
 * to D without Replaces; D answers B's call and B and D hear each other.
 *
 * <p>B follows a REFER because its profile says so ({@code --refer accept}); C answers by itself
 * ({@code --auto-answer 0}), and takes a replacing call at once whatever its profile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttendedTransferIT {
    private static final Logger log = LoggerFactory.getLogger(AttendedTransferIT.class);
    private static final double TONE_A = 440;
    private static final double TONE_B = 1000;
    private static final double TONE_C = 1500;
    private static final double TONE_D = 2000;
    private static final Path LOGS = Path.of("target", "it-logs", "AttendedTransferIT");
    private static final String TARGET_URI = "sip:1003@" + Kamailio.DOMAIN;
    private static final String RINGING_TARGET_URI = "sip:1004@" + Kamailio.DOMAIN;

    private CallLab lab;
    private DeskphoneProcess a;
    private DeskphoneProcess b;
    private DeskphoneProcess c;
    private DeskphoneProcess d;
    private SpeakerRecorder speakerB;
    private SpeakerRecorder speakerC;
    private SpeakerRecorder speakerD;
    private final List<String> numbers = new ArrayList<>();
    private final Hearing hearing = new Hearing(numbers);

    @BeforeAll
    void startEverything() throws Exception {
        lab = CallLab.start(
                Files.createTempDirectory("deskphone-transfer"),
                LOGS,
                List.of(
                        new SineSource("tone440", (int) TONE_A),
                        new SineSource("tone1000", (int) TONE_B),
                        new SineSource("tone1500", (int) TONE_C),
                        new SineSource("tone2000", (int) TONE_D)),
                List.of("speakerA", "speakerB", "speakerC", "speakerD"),
                4);
        a = app("a", "1001", "tone440", "speakerA");
        b = app("b", "1002", "tone1000", "speakerB", "--refer", "accept");
        c = app("c", "1003", "tone1500", "speakerC", "--auto-answer", "0");
        // D rings until answered: the target of a transfer completed while it rings.
        d = app("d", "1004", "tone2000", "speakerD");
        for (DeskphoneProcess app : List.of(a, b, c, d)) {
            app.start(lab.namespace());
        }
        speakerB = lab.record("speakerB", "parec-b.log");
        speakerC = lab.record("speakerC", "parec-c.log");
        speakerD = lab.record("speakerD", "parec-d.log");
        CallLab.awaitReady(Duration.ofSeconds(60), a, b, c, d);
    }

    private DeskphoneProcess app(String name, String extension, String mic, String speaker, String... profileOptions)
            throws Exception {
        // Each test's calls follow the last one's within the wrap-up timer: every app rings while a
        // wrap-up form is open (after-call work would otherwise refuse the call; DoNotDisturbIT tests that).
        List<String> profile = new ArrayList<>(List.of("--ring-during-wrapup", "on"));
        profile.addAll(List.of(profileOptions));
        return lab.toneApp(name, extension, mic, speaker, profile.toArray(String[]::new));
    }

    @AfterAll
    void stopEverything() throws Exception {
        numbers.forEach(n -> log.info("measured: {}", n));
        Fixtures.closeAll(lab);
    }

    @Test
    @Order(1)
    void consultThenCompleteLeavesTheCallerAndTheTargetTalking() throws Exception {
        JsonNode original = callerReachesTheAgent();

        JsonNode consultation = consults("1003", established(TARGET_URI));
        awaitCall(
                a,
                "B held by A",
                call -> call.path("callId")
                                .asText()
                                .equals(original.path("callId").asText())
                        && call.path("held").asBoolean());
        awaitCall(c, "C answered A", established("1001@"));

        long clicked = System.nanoTime();
        assertOk(a.request("call", "action", "complete-transfer"));
        long transferred = awaitBoth(
                b, established(TARGET_URI), c, established("1002@"), "B and C in one call after the transfer");
        numbers.add("transfer completion (Complete -> B and C established): " + (transferred - clicked) / 1_000_000
                + " ms");
        a.awaitStatus(
                "A's two calls ended",
                CallLab.CALL_TIMEOUT,
                s -> DeskphoneProcess.activeCalls(s).isEmpty());

        hearing.assertHears(speakerB, TONE_C, "B hears C after the transfer");
        hearing.assertHears(speakerC, TONE_B, "C hears B after the transfer");

        for (JsonNode call : List.of(original, consultation)) {
            Map<String, Object> row = awaitStoredTransfer(call.path("callId").asText());
            assertThat(row.get("transfer_kind")).isEqualTo("attended");
            assertThat(row.get("transfer_target")).isEqualTo(TARGET_URI);
            assertThat(row.get("end_reason")).isEqualTo("completed");
        }
        hangUpEverything();
    }

    @Test
    @Order(2)
    void aBlindTransfersEndedEventSaysBlind() throws Exception {
        JsonNode original = callerReachesTheAgent();
        assertOk(a.request("call", "action", "transfer", "target", "1003"));
        awaitBoth(b, established(TARGET_URI), c, established("1002@"), "B and C in one call after the blind transfer");
        hearing.assertHears(speakerC, TONE_B, "C hears B after the blind transfer");
        Map<String, Object> row = awaitStoredTransfer(original.path("callId").asText());
        assertThat(row.get("transfer_kind")).isEqualTo("blind");
        assertThat(row.get("transfer_target")).isEqualTo(TARGET_URI);
        hangUpEverything();
    }

    @Test
    @Order(3)
    void completeWhileTheTargetRingsSendsTheCallerToTheRingingTarget() throws Exception {
        JsonNode original = callerReachesTheAgent();

        JsonNode consultation = consults("1004", inState("ringback", RINGING_TARGET_URI));
        awaitCall(d, "D rings with A's call", ringing("1001@"));

        long clicked = System.nanoTime();
        assertOk(a.request("call", "action", "complete-transfer"));
        // A's consultation is cancelled and B, sent to D without Replaces, rings D.
        JsonNode fromB = awaitCall(d, "D rings with B's call", ringing("1002@"));
        long ringingAtD = System.nanoTime();
        numbers.add(
                "transfer while ringing (Complete -> B's call rings D): " + (ringingAtD - clicked) / 1_000_000 + " ms");
        a.awaitStatus(
                "A's two calls ended",
                CallLab.CALL_TIMEOUT,
                s -> DeskphoneProcess.activeCalls(s).isEmpty());
        assertThat(DeskphoneProcess.activeCalls(d.status().orElseThrow()))
                .as("A's call to D is gone: only B's rings")
                .noneMatch(call -> call.path("remote").asText().contains("1001@"));

        assertOk(d.request(
                "call", "action", "answer", "callId", fromB.path("callId").asText()));
        awaitBoth(b, established(RINGING_TARGET_URI), d, established("1002@"), "B and D in one call once D answered");
        hearing.assertHears(speakerB, TONE_D, "B hears D after the transfer while ringing");
        hearing.assertHears(speakerD, TONE_B, "D hears B after the transfer while ringing");

        Map<String, Object> row = awaitStoredTransfer(original.path("callId").asText());
        assertThat(row.get("transfer_kind"))
                .as("no Replaces: the REFER of a blind transfer")
                .isEqualTo("blind");
        assertThat(row.get("transfer_target")).isEqualTo(RINGING_TARGET_URI);
        Map<String, Object> cancelled =
                awaitStoredEnd(consultation.path("callId").asText());
        assertThat(cancelled.get("end_reason")).isEqualTo("cancelled");
        assertThat(cancelled.get("transfer_kind")).isNull();
        hangUpEverything();
    }

    /** A consults the extension (B held): A's consultation call, once it is as expected. */
    private JsonNode consults(String extension, Predicate<JsonNode> consultation) throws Exception {
        assertOk(a.request("call", "action", "consult", "target", extension));
        return awaitCall(a, "A's consultation of " + extension, consultation);
    }

    private static Predicate<JsonNode> ringing(String remote) {
        return inState("ringing", remote);
    }

    /** B calls A and A answers: A's call, established. */
    private JsonNode callerReachesTheAgent() throws Exception {
        b.cliOk("dial", "1001");
        JsonNode ringing = awaitCall(
                a, "A rings", call -> "ringing".equals(call.path("state").asText()));
        assertOk(a.request(
                "call", "action", "answer", "callId", ringing.path("callId").asText()));
        awaitCall(b, "B's call answered", established("1001@"));
        return awaitCall(a, "A answered B", established("1002@"));
    }

    /** Polls both apps without pause until each has its call; returns System.nanoTime() then. */
    private static long awaitBoth(
            DeskphoneProcess first,
            Predicate<JsonNode> firstCall,
            DeskphoneProcess second,
            Predicate<JsonNode> secondCall,
            String what)
            throws Exception {
        Instant deadline = Instant.now().plus(CallLab.CALL_TIMEOUT);
        boolean firstDone = false;
        boolean secondDone = false;
        while (Instant.now().isBefore(deadline)) {
            firstDone = firstDone || has(first, firstCall);
            secondDone = secondDone || has(second, secondCall);
            if (firstDone && secondDone) {
                return System.nanoTime();
            }
        }
        throw new AssertionError(
                "timed out waiting for " + what + "; first: " + first.status() + "; second: " + second.status());
    }

    private static boolean has(DeskphoneProcess app, Predicate<JsonNode> condition) throws Exception {
        return app.status()
                .map(s -> DeskphoneProcess.activeCalls(s).stream().anyMatch(condition))
                .orElse(false);
    }

    /** A's embedded backend's row for the call, once its ended event (with the transfer) was delivered. */
    private Map<String, Object> awaitStoredTransfer(String callId) throws Exception {
        return awaitStoredEnd(callId, "with its transfer", row -> row.get("transfer_kind") != null);
    }

    /** A's embedded backend's row for the call, once its ended event was delivered. */
    private Map<String, Object> awaitStoredEnd(String callId) throws Exception {
        return awaitStoredEnd(callId, "", row -> true);
    }

    private Map<String, Object> awaitStoredEnd(String callId, String what, Predicate<Map<String, Object>> row)
            throws Exception {
        a.awaitStatus(
                ("call " + callId + " ended at A's backend " + what).strip(),
                CallLab.CALL_TIMEOUT,
                s -> a.embeddedBackendRow(callId)
                        .map(stored -> stored.get("ended_at") != null && row.test(stored))
                        .orElse(false));
        return a.embeddedBackendRow(callId).orElseThrow();
    }

    private void hangUpEverything() throws Exception {
        CallLab.hangUpAll(a, b, c, d);
        CallLab.awaitIdle(a, b, c, d);
    }
}
