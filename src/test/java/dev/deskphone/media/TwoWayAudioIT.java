package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.NetworkNamespace;
import dev.deskphone.testsupport.PulseAudioFixture;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import dev.deskphone.testsupport.TurnServerFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two softphones' media engines, each in its own JVM with its own PulseAudio microphone (a sine
 * source: 440 Hz for A, 1000 Hz for B), call each other over ICE/DTLS-SRTP inside a private network
 * namespace. What each side's remote track decodes must carry the other side's tone; hold, mute,
 * DTMF and ICE restart act on what is heard; closing leaves no peer connection behind.
 */
class TwoWayAudioIT {
    private static final Logger log = LoggerFactory.getLogger(TwoWayAudioIT.class);
    private static final double TONE_A = 440;
    private static final double TONE_B = 1000;
    /** Received tone level that proves audio: the sine sources play at about -9 dBFS. */
    private static final double HEARD_DBFS = -30;
    /** Below this nothing meaningful arrives (a stopped stream decodes to silence or comfort noise). */
    private static final double SILENT_DBFS = -50;

    private static final long LISTEN_MS = 600;
    /** Peer logs and recordings stay here after the test, for whoever has to find out why it failed. */
    private static final Path LOGS = Path.of("target", "it-logs", "TwoWayAudioIT");

    private static final java.time.Duration HEAR_WITHIN = java.time.Duration.ofSeconds(6);
    private static final java.time.Duration SILENT_WITHIN = java.time.Duration.ofSeconds(4);

    @TempDir
    Path dir;

    private PulseAudioFixture pulse;
    private NetworkNamespace namespace;
    private PeerClient a;
    private PeerClient b;
    private final List<String> numbers = new ArrayList<>();

    /** Tags a test whose peers run the audio processing as shipped (noise suppression on). */
    private static final String SHIPPED_PROCESSING = "shipped-audio-processing";

    @BeforeEach
    void startPeers(TestInfo test) throws Exception {
        pulse = PulseAudioFixture.start(
                dir,
                List.of(new SineSource("mic_a", (int) TONE_A), new SineSource("mic_b", (int) TONE_B)),
                List.of("speaker_a", "speaker_b"));
        namespace = NetworkNamespace.create();
        java.nio.file.Files.createDirectories(LOGS);
        a = PeerClient.start("a", namespace, pulse.clientEnvironment("mic_a", "speaker_a"), LOGS);
        b = PeerClient.start("b", namespace, pulse.clientEnvironment("mic_b", "speaker_b"), LOGS);
        for (PeerClient peer : List.of(a, b)) {
            // Noise suppression would slowly eat a steady sine (it is stationary "noise"): off for
            // the tone tests but the one tagged SHIPPED_PROCESSING; echo cancellation and gain
            // control stay on as in the product.
            boolean noiseSuppression =
                    test.getTags().contains(SHIPPED_PROCESSING) && MediaEngineSettings.DEFAULTS.noiseSuppression();
            JsonNode started = peer.send("start", "noiseSuppression", noiseSuppression);
            assertThat(strings(started.path("interfaces")))
                    .as("interfaces inside the namespace")
                    .containsExactlyInAnyOrderElementsOf(NetworkNamespace.expectedInterfaces());
        }
    }

    @AfterEach
    void stopPeers() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, namespace, pulse}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        numbers.forEach(n -> log.info("measured: {}", n));
    }

    /**
     * The audio processing as the product ships it ({@link MediaEngineSettings#DEFAULTS}: noise
     * suppression on, with echo cancellation and gain control): each side hears the other's tone at
     * its frequency and a heard level. Noise suppression learns a steady sine as noise and fades it
     * over seconds, so this measures the start of the call; a processing path that broke the audio
     * (silence, a wrong sample rate, distortion) fails here.
     */
    @Test
    @Tag(SHIPPED_PROCESSING)
    void withTheShippedNoiseSuppressionEachSideHearsTheOthersTone() throws Exception {
        assertThat(MediaEngineSettings.DEFAULTS.noiseSuppression())
                .as("the product ships noise suppression on")
                .isTrue();
        a.send("call");
        b.send("call");
        negotiate(a, b, false);
        a.send("connected");
        b.send("connected");

        assertHears(a, TONE_B, "A hears B through noise suppression");
        assertHears(b, TONE_A, "B hears A through noise suppression");
    }

    @Test
    void eachSideHearsTheOthersToneThroughHoldMuteDtmfAndIceRestart() throws Exception {
        a.send("call");
        b.send("call");

        long started = System.nanoTime();
        negotiate(a, b, false);
        a.send("connected");
        b.send("connected");
        numbers.add("offer/answer -> connected: " + (System.nanoTime() - started) / 1_000_000 + " ms");

        assertHears(a, TONE_B, "A hears B");
        assertHears(b, TONE_A, "B hears A");

        // A holds: A offers sendonly, B answers recvonly; B still hears A (music on hold would
        // play), A hears nothing from B.
        negotiate(a, b, true);
        assertSilent(a, "A, holding, hears nothing");
        assertHears(b, TONE_A, "B still hears A while A holds");

        negotiate(a, b, false);
        assertHears(a, TONE_B, "A hears B again after resume");
        assertHears(b, TONE_A, "B hears A after resume");

        b.send("mute", "muted", true);
        assertSilent(a, "A hears nothing while B is muted");
        b.send("mute", "muted", false);
        assertHears(a, TONE_B, "A hears B after unmute");

        assertDtmfArrives(a, b, "159#");

        JsonNode stats = a.send("stats").path("stats");
        assertThat(stats.path("codec").asText()).startsWith("opus");
        assertThat(stats.path("packetLossPercent").asDouble()).isBetween(0.0, 5.0);
        assertThat(stats.path("jitterMs").asDouble()).isBetween(0.0, 100.0);
        assertThat(stats.path("roundTripTimeMs").asDouble()).isBetween(0.0, 100.0);
        numbers.add("stats A: " + stats);

        // ICE restart (what a network blip triggers): new credentials, media flows again.
        String restartOffer = a.send("offer", "iceRestart", true).path("sdp").asText();
        b.send("remote", "type", "OFFER", "sdp", restartOffer);
        a.send("remote", "type", "ANSWER", "sdp", b.send("answer").path("sdp").asText());
        assertHears(a, TONE_B, "A hears B after ICE restart");
        assertHears(b, TONE_A, "B hears A after ICE restart");

        assertThat(a.send("close").path("live").asInt())
                .as("A's live peer connections")
                .isZero();
        assertThat(b.send("close").path("live").asInt())
                .as("B's live peer connections")
                .isZero();
        assertThat(a.send("shutdown").path("live").asInt()).isZero();
        assertThat(b.send("shutdown").path("live").asInt()).isZero();
        assertThat(a.awaitExit()).isZero();
        assertThat(b.awaitExit()).isZero();
    }

    /**
     * A call can end a moment after it connects (a caller who hangs up at once, an IVR hand-off):
     * its quality must still be complete, so its {@code ended} event carries it.
     */
    @Test
    void aCallEndedRightAfterConnectingStillHasItsQuality() throws Exception {
        a.send("call");
        b.send("call");
        negotiate(a, b, false);
        a.send("connected");

        JsonNode stats = a.send("stats").path("stats");

        numbers.add("stats A right after connecting: " + stats);
        assertThat(stats.path("codec").asText()).as("codec").startsWith("opus/48000");
        assertThat(stats.path("jitterMs").asDouble()).as("jitter").isBetween(0.0, 100.0);
        assertThat(stats.path("packetLossPercent").asDouble()).as("loss").isBetween(0.0, 100.0);
        assertThat(stats.path("roundTripTimeMs").asDouble()).as("round trip").isBetween(0.0, 100.0);
        a.send("close");
        b.send("close");
    }

    @Test
    void rejectedReInviteRollsBackAndTheCallKeepsItsAudio() throws Exception {
        a.send("call");
        b.send("call");
        negotiate(a, b, false);
        a.send("connected");

        // A offers hold, the PBX answers 488: SIP.js rolls the offer back.
        a.send("offer", "hold", true);
        a.send("rollback");

        assertHears(a, TONE_B, "A still hears B after the rejected hold");
        assertHears(b, TONE_A, "B still hears A after the rejected hold");
        negotiate(a, b, false); // and the next re-INVITE works
        assertHears(b, TONE_A, "B hears A after the next re-INVITE");
        a.send("close");
        b.send("close");
    }

    @Test
    void audioFlowsThroughACoturnRelayWithTheRelayOnlyPolicy() throws Exception {
        try (TurnServerFixture turn = TurnServerFixture.start(namespace, dir)) {
            Object iceServers = List.of(Map.of(
                    "urls",
                    List.of(turn.url()),
                    "username",
                    TurnServerFixture.USERNAME,
                    "credential",
                    TurnServerFixture.PASSWORD));
            a.send("call", "iceServers", iceServers, "relayOnly", true);
            b.send("call", "iceServers", iceServers, "relayOnly", true);

            String offer = a.send("offer").path("sdp").asText();
            assertThat(offer).as("relay-only offer").contains("typ relay").doesNotContain("typ host");
            b.send("remote", "type", "OFFER", "sdp", offer);
            String answer = b.send("answer").path("sdp").asText();
            assertThat(answer).as("relay-only answer").contains("typ relay").doesNotContain("typ host");
            a.send("remote", "type", "ANSWER", "sdp", answer);
            a.send("connected");
            b.send("connected");

            assertHears(a, TONE_B, "A hears B through the TURN relay");
            assertHears(b, TONE_A, "B hears A through the TURN relay");
            assertThat(a.send("close").path("live").asInt()).isZero();
            assertThat(b.send("close").path("live").asInt()).isZero();
        }
    }

    @Test
    void anUnreachableStunServerDelaysTheOfferByAtMostTheGatheringTimeout() throws Exception {
        JsonNode call = a.send(
                "call",
                "iceServers",
                List.of(Map.of("urls", List.of("stun:" + NetworkNamespace.UNUSED_ADDRESS + ":3478"))),
                "gatheringTimeoutMs",
                1000);
        assertThat(call.path("live").asInt()).isEqualTo(1);

        JsonNode offer = a.send("offer");

        double elapsed = offer.path("elapsedMs").asDouble();
        numbers.add("ICE gathering with unreachable STUN: " + elapsed + " ms (timeout 1000 ms)");
        assertThat(elapsed).as("offer time with an unreachable STUN server").isBetween(900.0, 1500.0);
        assertThat(offer.path("sdp").asText())
                .as("the offer still carries the host candidates")
                .contains("a=candidate:")
                .contains(NetworkNamespace.ADDRESS_A);
        assertThat(a.send("close").path("live").asInt()).isZero();
    }

    /** A offers, B answers (the offer/answer exchange a SIP proxy would relay). */
    private void negotiate(PeerClient offerer, PeerClient answerer, boolean hold)
            throws IOException, InterruptedException {
        String offer = offerer.send("offer", "hold", hold).path("sdp").asText();
        answerer.send("remote", "type", "OFFER", "sdp", offer);
        String answer = answerer.send("answer").path("sdp").asText();
        offerer.send("remote", "type", "ANSWER", "sdp", answer);
    }

    private void assertDtmfArrives(PeerClient sender, PeerClient receiver, String digits) throws Exception {
        JsonNode[] heard = new JsonNode[1];
        Throwable[] failure = new Throwable[1];
        Thread listening = new Thread(() -> {
            try {
                heard[0] = receiver.send(
                        "listen",
                        "ms",
                        4000,
                        "wav",
                        LOGS.resolve("dtmf-received.wav").toAbsolutePath().toString());
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        listening.start();
        Thread.sleep(200);
        assertThat(sender.send("dtmf", "tones", digits, "durationMs", 250, "gapMs", 120)
                        .path("accepted")
                        .asBoolean())
                .as("RTCDtmfSender accepted the digits (telephone-event negotiated)")
                .isTrue();
        listening.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        assertThat(heard[0].path("dtmf").asText())
                .as("DTMF digits decoded from the received audio")
                .isEqualTo(digits);
    }

    /**
     * Listens in short windows until the tone is there (audio starts some 100 ms after a
     * (re)negotiation: device start-up, jitter buffer), then asserts on that window.
     */
    private void assertHears(PeerClient listener, double tone, String what) throws IOException, InterruptedException {
        long started = System.nanoTime();
        JsonNode heard;
        do {
            heard = listener.send("listen", "ms", LISTEN_MS);
        } while (!isTone(heard, tone) && System.nanoTime() - started < HEAR_WITHIN.toNanos());
        numbers.add(what + ": " + heard.path("frequencyHz").asDouble() + " Hz at "
                + heard.path("levelDbfs").asDouble() + " dBFS, within " + (System.nanoTime() - started) / 1_000_000
                + " ms");
        assertThat(heard.path("samples").asInt())
                .as(what + ": samples received")
                .isGreaterThan(0);
        assertThat(heard.path("frequencyHz").asDouble())
                .as(what + ": frequency")
                .isCloseTo(tone, within(tone * 0.02));
        assertThat(heard.path("levelDbfs").asDouble()).as(what + ": level").isGreaterThan(HEARD_DBFS);
    }

    private static boolean isTone(JsonNode heard, double tone) {
        return Math.abs(heard.path("frequencyHz").asDouble() - tone) <= tone * 0.02
                && heard.path("levelDbfs").asDouble() > HEARD_DBFS;
    }

    /** Listens until the remote falls silent (what was in flight drains from the jitter buffer first). */
    private void assertSilent(PeerClient listener, String what) throws IOException, InterruptedException {
        long started = System.nanoTime();
        JsonNode heard;
        do {
            heard = listener.send("listen", "ms", LISTEN_MS);
        } while (heard.path("levelDbfs").asDouble() >= SILENT_DBFS
                && System.nanoTime() - started < SILENT_WITHIN.toNanos());
        numbers.add(what + ": " + heard.path("levelDbfs").asDouble() + " dBFS ("
                + heard.path("samples").asInt() + " samples), within " + (System.nanoTime() - started) / 1_000_000
                + " ms");
        assertThat(heard.path("levelDbfs").asDouble()).as(what + ": level").isLessThan(SILENT_DBFS);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
