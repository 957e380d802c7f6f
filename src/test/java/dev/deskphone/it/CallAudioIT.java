package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.NetworkNamespace;
import dev.deskphone.testsupport.PulseAudioFixture;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import dev.deskphone.testsupport.SpeakerRecorder;
import dev.deskphone.testsupport.audio.ToneAnalyzer.Tone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two packaged Deskphones call each other through a real Kamailio over WebSocket, inside a private
 * network namespace, each with its own PulseAudio "microphone" (a sine: 440 Hz for A, 1000 Hz for B)
 * and speaker (a null sink). What each user hears is recorded from their speaker and must carry the
 * other side's tone: outbound and inbound, after hold/resume; DTMF digits sent by one side are heard
 * on the other. The failure cases end cleanly with the reason, and no peer connection is left.
 *
 * <p>A (extension 1001) answers only when told (what its Answer button does); B (1002) answers by
 * itself: its profile was added with {@code --auto-answer 0}, as an admin sets up headset agents.
 * One PBX, one audio server and one pair of apps serve every test, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallAudioIT {
    private static final Logger log = LoggerFactory.getLogger(CallAudioIT.class);
    private static final double TONE_A = 440;
    private static final double TONE_B = 1000;
    private static final double HEARD_DBFS = -35;
    private static final double SILENT_DBFS = -50;
    private static final long LISTEN_MS = 500;
    private static final Duration HEAR_WITHIN = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    static final Path LOGS = Path.of("target", "it-logs", "CallAudioIT");

    private Path dir;
    private NetworkNamespace namespace;
    private PulseAudioFixture pulse;
    private Kamailio pbx;
    DeskphoneProcess a;
    DeskphoneProcess b;
    private SpeakerRecorder speakerA;
    private SpeakerRecorder speakerB;
    final List<String> numbers = new ArrayList<>();
    long testStartedAt;

    @BeforeAll
    void startEverything() throws Exception {
        dir = Files.createTempDirectory("deskphone-calls");
        Files.createDirectories(LOGS);
        namespace = NetworkNamespace.create();
        pulse = PulseAudioFixture.start(dir,
                List.of(new SineSource("tone440", (int) TONE_A), new SineSource("tone1000", (int) TONE_B)),
                List.of("speakerA", "speakerB"));
        Map<String, String> users = AccountRegistrationIT.subscribers(3);
        pbx = Kamailio.inNamespace(namespace, dir.resolve("pbx"), users);
        a = app("a", "1001", users, "tone440", "speakerA");
        b = app("b", "1002", users, "tone1000", "speakerB", "--auto-answer", "0");
        a.start(namespace);
        b.start(namespace);
        speakerA = SpeakerRecorder.start(pulse, "speakerA", LOGS.resolve("parec-a.log"));
        speakerB = SpeakerRecorder.start(pulse, "speakerB", LOGS.resolve("parec-b.log"));
        for (DeskphoneProcess app : List.of(a, b)) {
            app.awaitStatus("registered, media engine ready", Duration.ofSeconds(40),
                    s -> AccountRegistrationIT.allIn(s, "registered", 1) && "ready".equals(s.path("mediaEngine").asText()));
        }
    }

    private DeskphoneProcess app(String name, String extension, Map<String, String> users, String mic, String speaker,
            String... profileOptions) throws Exception {
        DeskphoneProcess app = new DeskphoneProcess(dir.resolve(name));
        app.env().putAll(pulse.clientEnvironment(mic, speaker));
        // Noise suppression treats a steady sine as noise and fades it: off for tone measurements.
        app.env().put("DESKPHONE_NOISE_SUPPRESSION", "off");
        List<String> profile = new ArrayList<>(List.of("profile", "add", "pbx", "--server", pbx.wsUrl(),
                "--domain", Kamailio.DOMAIN, "--default"));
        profile.addAll(List.of(profileOptions));
        app.cliOk(profile.toArray(String[]::new));
        AccountRegistrationIT.addAccount(app, extension, users.get(extension));
        return app;
    }

    @org.junit.jupiter.api.BeforeEach
    void markTestStart() {
        testStartedAt = System.currentTimeMillis();
    }

    @AfterEach
    void noCallIsLeftBehind() throws Exception {
        // A failed test may leave its call up: hang it up so the next test starts clean, then
        // check that ending calls leaves no media behind.
        for (DeskphoneProcess app : List.of(a, b)) {
            for (JsonNode call : DeskphoneProcess.activeCalls(app.status().orElseThrow())) {
                app.request("call", "action", "hangup", "callId", call.path("callId").asText());
            }
        }
        for (DeskphoneProcess app : List.of(a, b)) {
            JsonNode status = app.awaitStatus("no active call and no live peer connection", CALL_TIMEOUT,
                    s -> DeskphoneProcess.activeCalls(s).isEmpty() && s.path("livePeerConnections").asInt() == 0);
            assertThat(status.path("mediaCalls").asInt()).isZero();
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        numbers.forEach(n -> log.info("measured: {}", n));
        for (AutoCloseable closeable : new AutoCloseable[] {speakerA, speakerB, a, b, pbx, pulse, namespace}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("closing {}", closeable, e);
                }
            }
        }
        for (DeskphoneProcess app : new DeskphoneProcess[] {a, b}) {
            if (app != null) {
                Files.writeString(LOGS.resolve(app == a ? "app-a.log" : "app-b.log"), app.appOutput());
            }
        }
    }

    @Test
    @Order(1)
    void outboundCallCarriesBothTonesThroughHoldResumeAndDtmf() throws Exception {
        long dialled = System.nanoTime();
        assertThat(a.cliOk("dial", "1002").stdout()).contains("Dialling 1002");
        JsonNode callA = awaitCall(a, "A's call established", c -> "established".equals(c.path("state").asText()));
        JsonNode callB = awaitCall(b, "B auto-answered", c -> "established".equals(c.path("state").asText()));
        numbers.add("dial -> established (A's view): " + (System.nanoTime() - dialled) / 1_000_000 + " ms");
        assertThat(callA.path("direction").asText()).isEqualTo("outbound");
        assertThat(callA.path("account").asText()).isEqualTo("pbx/1001");
        assertThat(callA.path("remote").asText()).isEqualTo("sip:1002@" + Kamailio.DOMAIN);
        assertThat(callB.path("direction").asText()).isEqualTo("inbound");
        assertThat(callB.path("remote").asText()).contains("1001@" + Kamailio.DOMAIN);

        assertHears(speakerA, TONE_B, "A hears B");
        assertHears(speakerB, TONE_A, "B hears A");

        a.request("call", "action", "hold");
        awaitCall(a, "A holds", c -> c.path("held").asBoolean());
        awaitCall(b, "B sees the remote hold", c -> c.path("remoteHeld").asBoolean());
        assertSilent(speakerA, "A, holding, hears nothing");
        assertHears(speakerB, TONE_A, "B still hears A (sendonly) while A holds");

        a.request("call", "action", "resume");
        awaitCall(a, "A resumed", c -> !c.path("held").asBoolean());
        awaitCall(b, "B sees the resume", c -> !c.path("remoteHeld").asBoolean());
        assertHears(speakerA, TONE_B, "A hears B after resume");
        assertHears(speakerB, TONE_A, "B hears A after resume");

        assertDtmfHeard(a, speakerB, "159#");

        a.request("call", "action", "hangup");
        JsonNode endedA = awaitEnded(a);
        JsonNode endedB = awaitEnded(b);
        assertThat(endedA.path("reason").asText()).isEqualTo("completed");
        assertThat(endedA.path("endedBy").asText()).isEqualTo("local");
        assertThat(endedB.path("reason").asText()).isEqualTo("completed");
        assertThat(endedB.path("endedBy").asText()).isEqualTo("remote");
        assertThat(endedA.path("quality").path("codec").asText()).as("stats kept with the call").startsWith("opus");
        numbers.add("quality A: " + endedA.path("quality"));
    }

    @Test
    @Order(2)
    void inboundCallRingsUntilAnsweredAndCarriesBothTones() throws Exception {
        b.cliOk("dial", "1001");
        JsonNode ringing = awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        assertThat(ringing.path("account").asText()).isEqualTo("pbx/1001");
        assertThat(ringing.path("remote").asText()).contains("1002@");
        a.request("call", "action", "answer");
        awaitCall(a, "A answered", c -> "established".equals(c.path("state").asText()));
        assertHears(speakerA, TONE_B, "A hears B (inbound)");
        assertHears(speakerB, TONE_A, "B hears A (inbound)");
        b.request("call", "action", "hangup");
        assertThat(awaitEnded(a).path("endedBy").asText()).isEqualTo("remote");
        awaitEnded(b);
    }

    @Test
    @Order(3)
    void rejectedCallEndsBusyOnBothSides() throws Exception {
        b.cliOk("dial", "1001");
        awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        a.request("call", "action", "reject");
        JsonNode atA = awaitEnded(a);
        JsonNode atB = awaitEnded(b);
        assertThat(atA.path("reason").asText()).isEqualTo("busy");
        assertThat(atA.path("sipStatus").asInt()).isEqualTo(486);
        assertThat(atB.path("reason").asText()).isEqualTo("busy");
        assertThat(atB.path("sipStatus").asInt()).isEqualTo(486);
    }

    @Test
    @Order(4)
    void callerCancelsAndTheCalleeSeesAMissedCall() throws Exception {
        b.cliOk("dial", "1001");
        awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        awaitCall(b, "B hears ringback", c -> "ringback".equals(c.path("state").asText()));
        b.request("call", "action", "hangup");
        assertThat(awaitEnded(b).path("reason").asText()).isEqualTo("cancelled");
        assertThat(awaitEnded(a).path("reason").asText()).isEqualTo("missed");
    }

    @Test
    @Order(5)
    void callingAnExtensionThatIsNotRegisteredFailsWith480() throws Exception {
        a.cliOk("dial", "1003");
        JsonNode ended = awaitEnded(a);
        assertThat(ended.path("reason").asText()).isEqualTo("failed");
        assertThat(ended.path("sipStatus").asInt()).isEqualTo(480);
    }

    @Test
    @Order(99) // last: it stops the PBX
    void whenThePbxGoesAwayMidCallBothSidesEndCleanly() throws Exception {
        a.cliOk("dial", "1002");
        awaitCall(a, "established", c -> "established".equals(c.path("state").asText()));
        awaitCall(b, "established", c -> "established".equals(c.path("state").asText()));
        assertHears(speakerB, TONE_A, "B hears A before the PBX stops");

        pbx.stop();
        a.awaitStatus("A lost its PBX", CALL_TIMEOUT, s -> !AccountRegistrationIT.allIn(s, "registered", 1));
        // The hang-up cannot reach the PBX: A ends the call by itself; B loses the media and ends too.
        a.request("call", "action", "hangup");
        assertThat(awaitEnded(a).path("reason").asText()).isEqualTo("completed");
        JsonNode atB = awaitEnded(b);
        assertThat(atB.path("reason").asText()).isEqualTo("failed");
    }

    // ------------------------------------------------------------------ helpers

    JsonNode awaitCall(DeskphoneProcess app, String what, Predicate<JsonNode> condition) throws Exception {
        return app.awaitCall(what, CALL_TIMEOUT, condition);
    }

    /** The call that ended during this test, once the app has no active call left. */
    JsonNode awaitEnded(DeskphoneProcess app) throws Exception {
        return app.awaitEnded(testStartedAt, CALL_TIMEOUT);
    }

    private void assertHears(SpeakerRecorder speaker, double tone, String what) throws Exception {
        Instant deadline = Instant.now().plus(HEAR_WITHIN);
        long started = System.nanoTime();
        Tone heard;
        do {
            heard = speaker.tone(LISTEN_MS);
        } while (!isTone(heard, tone) && Instant.now().isBefore(deadline));
        numbers.add(what + ": " + Math.round(heard.frequencyHz()) + " Hz at " + Math.round(heard.levelDbfs())
                + " dBFS, within " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertThat(heard.frequencyHz()).as(what + ": frequency").isCloseTo(tone, within(tone * 0.02));
        assertThat(heard.levelDbfs()).as(what + ": level").isGreaterThan(HEARD_DBFS);
    }

    private static boolean isTone(Tone heard, double tone) {
        return Math.abs(heard.frequencyHz() - tone) <= tone * 0.02 && heard.levelDbfs() > HEARD_DBFS;
    }

    private void assertSilent(SpeakerRecorder speaker, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        Tone heard;
        do {
            heard = speaker.tone(LISTEN_MS);
        } while (heard.levelDbfs() >= SILENT_DBFS && Instant.now().isBefore(deadline));
        numbers.add(what + ": " + Math.round(heard.levelDbfs()) + " dBFS");
        assertThat(heard.levelDbfs()).as(what + ": level").isLessThan(SILENT_DBFS);
    }

    /** Sends digits from one app and decodes them from what the other app's user hears. */
    private void assertDtmfHeard(DeskphoneProcess sender, SpeakerRecorder farSpeaker, String digits) throws Exception {
        String[] heard = new String[1];
        Throwable[] failure = new Throwable[1];
        Thread listening = new Thread(() -> {
            try {
                heard[0] = farSpeaker.dtmf(7000);
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        listening.start();
        Thread.sleep(300);
        JsonNode sent = sender.request("call", "action", "dtmf", "digits", digits);
        assertThat(sent.path("ok").asBoolean()).as("dtmf command accepted: " + sent).isTrue();
        listening.join();
        if (failure[0] != null) {
            throw new AssertionError("listening for DTMF failed", failure[0]);
        }
        numbers.add("DTMF heard: " + heard[0]);
        assertThat(heard[0]).as("DTMF digits decoded from the far side's speaker").isEqualTo(digits);
    }
}
