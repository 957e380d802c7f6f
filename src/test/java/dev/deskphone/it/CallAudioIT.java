package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.CallLab;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Hearing;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.NetworkNamespace;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import dev.deskphone.testsupport.SpeakerRecorder;
import dev.deskphone.testsupport.TurnServerFixture;
import dev.deskphone.testsupport.audio.ToneAnalyzer.Tone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
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
 * A has a second microphone and speaker (a "headset": a 1500 Hz sine and its own null sink): choosing
 * them moves a call in progress and is remembered across a restart; a third null sink is its
 * ringing device. A relay-only profile puts the call through a real coturn.
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
    /** A's second microphone (a headset's), chosen in the test of device choice. */
    private static final double TONE_HEADSET = 1500;

    /**
     * Each test's call follows the last one's within the wrap-up timer: both apps ring while a wrap-up
     * form is open (after-call work would otherwise refuse the call; DoNotDisturbIT tests that rule).
     */
    private static final List<String> RINGS_DURING_WRAP_UP = List.of("--ring-during-wrapup", "on");

    private static final double HEARD_DBFS = Hearing.HEARD_DBFS;
    private static final long LISTEN_MS = Hearing.LISTEN_MS;
    static final Duration CALL_TIMEOUT = CallLab.CALL_TIMEOUT;
    static final Path LOGS = Path.of("target", "it-logs", "CallAudioIT");

    private CallLab lab;
    private NetworkNamespace namespace;
    private Kamailio pbx;
    DeskphoneProcess a;
    DeskphoneProcess b;
    private SpeakerRecorder speakerA;
    private SpeakerRecorder speakerB;
    private SpeakerRecorder headsetA;
    private SpeakerRecorder ringerA;
    private TurnServerFixture turn;
    final List<String> numbers = new ArrayList<>();
    private final Hearing hearing = new Hearing(numbers);
    long testStartedAt;

    @BeforeAll
    void startEverything() throws Exception {
        lab = CallLab.start(
                Files.createTempDirectory("deskphone-calls"),
                LOGS,
                List.of(
                        new SineSource("tone440", (int) TONE_A),
                        new SineSource("tone1000", (int) TONE_B),
                        new SineSource("headsetMicA", (int) TONE_HEADSET)),
                List.of("speakerA", "speakerB", "headsetA", "ringerA"),
                3);
        namespace = lab.namespace();
        pbx = lab.pbx();
        // A's administrator lets links to the PBX's own domain dial without asking (a CRM's click-to-dial).
        a = app("a", "1001", "tone440", "speakerA", "--allow-links", Kamailio.DOMAIN);
        b = app("b", "1002", "tone1000", "speakerB", "--auto-answer", "0");
        a.start(namespace, launchOptions());
        b.start(namespace, launchOptions());
        speakerA = lab.record("speakerA", "parec-a.log");
        speakerB = lab.record("speakerB", "parec-b.log");
        headsetA = lab.record("headsetA", "parec-headset-a.log");
        ringerA = lab.record("ringerA", "parec-ringer-a.log");
        CallLab.awaitReady(Duration.ofSeconds(40), a, b);
    }

    /** Options both apps start with (none: the call tests use the profiles' settings). */
    String[] launchOptions() {
        return new String[0];
    }

    private DeskphoneProcess app(String name, String extension, String mic, String speaker, String... profileOptions)
            throws Exception {
        List<String> profile = new ArrayList<>(RINGS_DURING_WRAP_UP);
        profile.addAll(List.of(profileOptions));
        DeskphoneProcess app = lab.toneApp(name, extension, mic, speaker, profile.toArray(String[]::new));
        // Benchmarks ask for JVM diagnostics (e.g. -XX:NativeMemoryTracking=summary) this way.
        String jvmOptions = System.getProperty("deskphone.app.jvmOptions", "");
        if (!jvmOptions.isBlank()) {
            app.env().put("JAVA_TOOL_OPTIONS", jvmOptions);
        }
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
        CallLab.hangUpAll(a, b);
        for (JsonNode status : CallLab.awaitIdle(a, b)) {
            assertThat(status.path("mediaCalls").asInt()).isZero();
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        numbers.forEach(n -> log.info("measured: {}", n));
        Fixtures.closeAll(lab);
    }

    @Test
    @Order(1)
    void outboundCallCarriesBothTonesThroughHoldResumeAndDtmf() throws Exception {
        long dialled = System.nanoTime();
        assertThat(a.cliOk("dial", "1002").stdout()).contains("Dialling 1002");
        JsonNode callA = awaitCall(
                a,
                "A's call established",
                c -> "established".equals(c.path("state").asText()));
        JsonNode callB = awaitCall(
                b, "B auto-answered", c -> "established".equals(c.path("state").asText()));
        numbers.add("dial -> established (A's view): " + (System.nanoTime() - dialled) / 1_000_000 + " ms");
        assertThat(callA.path("direction").asText()).isEqualTo("outbound");
        assertThat(callA.path("account").asText()).isEqualTo("pbx/1001");
        assertThat(callA.path("remote").asText()).isEqualTo("sip:1002@" + Kamailio.DOMAIN);
        assertThat(callB.path("direction").asText()).isEqualTo("inbound");
        assertThat(callB.path("remote").asText()).contains("1001@" + Kamailio.DOMAIN);

        hearing.assertHears(speakerA, TONE_B, "A hears B");
        hearing.assertHears(speakerB, TONE_A, "B hears A");

        a.request("call", "action", "hold");
        awaitCall(a, "A holds", c -> c.path("held").asBoolean());
        awaitCall(b, "B sees the remote hold", c -> c.path("remoteHeld").asBoolean());
        hearing.assertSilent(speakerA, "A, holding, hears nothing");
        hearing.assertHears(speakerB, TONE_A, "B still hears A (sendonly) while A holds");

        a.request("call", "action", "resume");
        awaitCall(a, "A resumed", c -> !c.path("held").asBoolean());
        awaitCall(b, "B sees the resume", c -> !c.path("remoteHeld").asBoolean());
        hearing.assertHears(speakerA, TONE_B, "A hears B after resume");
        hearing.assertHears(speakerB, TONE_A, "B hears A after resume");

        hearing.assertDtmfHeard(a, speakerB, "159#");

        a.request("call", "action", "hangup");
        JsonNode endedA = awaitEnded(a);
        JsonNode endedB = awaitEnded(b);
        assertThat(endedA.path("reason").asText()).isEqualTo("completed");
        assertThat(endedA.path("endedBy").asText()).isEqualTo("local");
        assertThat(endedB.path("reason").asText()).isEqualTo("completed");
        assertThat(endedB.path("endedBy").asText()).isEqualTo("remote");
        assertThat(endedA.path("quality").path("codec").asText())
                .as("stats kept with the call")
                .startsWith("opus");
        numbers.add("quality A: " + endedA.path("quality"));
    }

    @Test
    @Order(2)
    void inboundCallRingsUntilAnsweredAndCarriesBothTones() throws Exception {
        b.cliOk("dial", "1001");
        JsonNode ringing =
                awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        assertThat(ringing.path("account").asText()).isEqualTo("pbx/1001");
        assertThat(ringing.path("remote").asText()).contains("1002@");
        a.request("call", "action", "answer");
        awaitCall(a, "A answered", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(speakerA, TONE_B, "A hears B (inbound)");
        hearing.assertHears(speakerB, TONE_A, "B hears A (inbound)");
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
    @Order(6)
    void theChosenMicrophoneAndSpeakerCarryCallsAtOnceAndAfterARestart() throws Exception {
        JsonNode offered = a.request("audio").path("audio");
        assertThat(offered.path("available").asBoolean())
                .as("devices can be chosen: " + offered)
                .isTrue();
        assertThat(offered.path("speakers").findValuesAsText("id")).contains("speakerA", "headsetA");
        assertThat(offered.path("microphones").findValuesAsText("id"))
                .contains("tone440", "headsetMicA")
                .as("a speaker's monitor is not a microphone")
                .doesNotContain("headsetA.monitor");

        a.cliOk("dial", "1002");
        awaitCall(a, "established", c -> "established".equals(c.path("state").asText()));
        awaitCall(b, "established", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(speakerA, TONE_B, "A hears B on the system default speaker");

        // Mid-call, as an agent who plugs in a headset and picks it in Settings.
        JsonNode chosen = a.request("audio", "microphone", "headsetMicA", "speaker", "headsetA");
        assertThat(chosen.path("ok").asBoolean()).as(chosen.toString()).isTrue();
        assertThat(chosen.path("audio")
                        .path("selected")
                        .path("speaker")
                        .path("id")
                        .asText())
                .isEqualTo("headsetA");
        hearing.assertHears(headsetA, TONE_B, "A hears B on the chosen headset, mid-call");
        hearing.assertSilent(speakerA, "nothing is left on the default speaker");
        hearing.assertHears(speakerB, TONE_HEADSET, "B hears A's chosen headset microphone, mid-call");
        a.request("call", "action", "hangup");
        awaitEnded(a);
        awaitEnded(b);

        // Remembered: a restarted app puts its next call on the headset from the first moment.
        a.close();
        a.start(namespace, launchOptions());
        a.awaitStatus(
                "A registered again with the remembered devices",
                Duration.ofSeconds(40),
                s -> CallLab.ready(s)
                        && "headsetA".equals(s.path("audio").path("speaker").asText())
                        && "headsetMicA"
                                .equals(s.path("audio").path("microphone").asText()));
        testStartedAt = System.currentTimeMillis();
        b.cliOk("dial", "1001");
        awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        a.request("call", "action", "answer");
        awaitCall(a, "A answered", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(headsetA, TONE_B, "after a restart, A hears B on the remembered headset");
        hearing.assertHears(speakerB, TONE_HEADSET, "after a restart, B hears A's remembered headset microphone");

        // Back to the system defaults, mid-call.
        assertThat(a.request("audio", "microphone", "", "speaker", "")
                        .path("ok")
                        .asBoolean())
                .isTrue();
        hearing.assertHears(speakerA, TONE_B, "A hears B on the default speaker again");
        hearing.assertHears(speakerB, TONE_A, "B hears A's default microphone again");

        // A device that is not there is refused by name, and the choice stays as it was.
        JsonNode refused = a.request("audio", "speaker", "no-such-speaker");
        assertThat(refused.path("ok").asBoolean()).isFalse();
        assertThat(refused.path("error").asText()).contains("speaker").contains("no-such-speaker");
        assertThat(a.status().orElseThrow().path("audio").path("speaker").isNull())
                .isTrue();
        b.request("call", "action", "hangup");
        awaitEnded(a);
        awaitEnded(b);
    }

    @Test
    @Order(7)
    void aCallSurvivesItsSipConnectionDroppingAndIsRestoredWithAnIceRestart() throws Exception {
        a.cliOk("dial", "1002");
        JsonNode call = awaitCall(
                a, "established", c -> "established".equals(c.path("state").asText()));
        awaitCall(b, "established", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(speakerB, TONE_A, "B hears A before the blip");

        // A network blip as agents have them: A's WebSocket to the PBX is torn down under it.
        int droppedPort = dropSipConnection(a);
        JsonNode restored = awaitCall(
                a,
                "A's call restored by an ICE-restart re-INVITE",
                c -> c.path("restores").asInt() >= 1
                        && "ok".equals(c.path("signalling").asText()));
        numbers.add("SIP connection of A dropped (local port " + droppedPort + "); call restored: " + restored);
        assertThat(restored.path("callId").asText())
                .as("the same call, not a new one")
                .isEqualTo(call.path("callId").asText());
        assertThat(restored.path("state").asText()).isEqualTo("established");
        assertThat(awaitCall(
                                b,
                                "B's call still up",
                                c -> "established".equals(c.path("state").asText()))
                        .path("callId")
                        .asText())
                .isNotEmpty();
        hearing.assertHears(speakerA, TONE_B, "A hears B after the restore");
        hearing.assertHears(speakerB, TONE_A, "B hears A after the restore");

        // The PBX reaches A on its new connection: B's hangup ends A's call.
        b.request("call", "action", "hangup");
        JsonNode endedA = awaitEnded(a);
        assertThat(endedA.path("endedBy").asText()).isEqualTo("remote");
        assertThat(endedA.path("reason").asText()).isEqualTo("completed");
        awaitEnded(b);
    }

    /**
     * Tears down the app's TCP connection to the PBX's WebSocket port (ss -K, inside the test's
     * network namespace), as a flaky network or a NAT timeout would. Returns the local port it had.
     */
    private int dropSipConnection(DeskphoneProcess app) throws Exception {
        long pid = app.status().orElseThrow().path("pid").asLong();
        int pbxPort = java.net.URI.create(pbx.wsUrl()).getPort();
        String sockets = runInNamespace("ss", "-tnpH", "state", "established", "dport", "=", ":" + pbxPort);
        int localPort = sockets.lines()
                .filter(line -> line.contains("pid=" + pid + ","))
                .map(line -> line.trim().split("\\s+")[2]) // Recv-Q Send-Q Local:Port Peer:Port Process
                .map(local -> Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("no connection of pid " + pid + " to port " + pbxPort + ":\n" + sockets));
        runInNamespace("ss", "-K", "state", "established", "sport", "=", ":" + localPort, "dport", "=", ":" + pbxPort);
        String after = runInNamespace("ss", "-tnH", "state", "established", "sport", "=", ":" + localPort);
        assertThat(after.strip()).as("the connection is gone").isEmpty();
        return localPort;
    }

    private String runInNamespace(String... command) throws Exception {
        Process process =
                namespace.command(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    @Test
    @Order(8)
    void aProfileWithRelayOnlyIcePutsTheCallThroughTheTurnServer() throws Exception {
        turn = lab.closesWith(TurnServerFixture.start(namespace, lab.dir()));
        Path turnPassword = lab.dir().resolve("turn-password");
        Files.writeString(turnPassword, TurnServerFixture.PASSWORD + "\n");
        // An admin's relay-only profile (agents behind a strict firewall): only the TURN server's
        // relayed address may carry A's media.
        restartAWithProfile(
                "relay-only",
                "--turn",
                turn.url(),
                "--turn-username",
                TurnServerFixture.USERNAME,
                "--turn-password-file",
                turnPassword.toString(),
                "--ice-transport-policy",
                "relay");
        testStartedAt = System.currentTimeMillis();

        a.cliOk("dial", "1002");
        awaitCall(
                a,
                "established through the relay",
                c -> "established".equals(c.path("state").asText()));
        awaitCall(b, "established", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(speakerA, TONE_B, "A hears B through the TURN relay");
        hearing.assertHears(speakerB, TONE_A, "B hears A through the TURN relay");
        a.request("call", "action", "hangup");
        awaitEnded(a);
        awaitEnded(b);
        // The hangup ends A's allocations; coturn then reports what each one carried. At 50 audio
        // packets a second, a relay that carried the call for a second or more has relayed far more
        // than the handful of ICE checks an unused allocation sees (5 here).
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (turn.packetsRelayedFromPeers(TurnServerFixture.USERNAME) < 50
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        numbers.add("packets relayed to A by coturn: " + turn.packetsRelayedFromPeers(TurnServerFixture.USERNAME));
        assertThat(turn.packetsRelayedFromPeers(TurnServerFixture.USERNAME))
                .as("audio packets the TURN server relayed to A's allocations")
                .isGreaterThanOrEqualTo(50);
    }

    @Test
    @Order(9)
    void incomingCallsRingOnTheChosenRingingDeviceUntilAnswered() throws Exception {
        JsonNode chosen = a.request("audio", "ringer", "ringerA");
        assertThat(chosen.path("ok").asBoolean()).as(chosen.toString()).isTrue();
        hearing.assertQuiet(ringerA, "nothing rings before a call comes in");

        b.cliOk("dial", "1001");
        awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(8));
        Tone ring;
        do {
            ring = ringerA.tone(LISTEN_MS);
        } while (ring.levelDbfs() <= HEARD_DBFS && Instant.now().isBefore(deadline));
        numbers.add("ringtone on the chosen ringing device: " + Math.round(ring.levelDbfs()) + " dBFS");
        assertThat(ring.levelDbfs())
                .as("A's ringtone plays on its chosen ringing device")
                .isGreaterThan(HEARD_DBFS);

        a.request("call", "action", "answer");
        awaitCall(a, "A answered", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(speakerA, TONE_B, "the call itself is on A's speaker");
        Thread.sleep(1000);
        hearing.assertQuiet(ringerA, "the ringing stopped when A answered, and the call is not on the ringing device");
        b.request("call", "action", "hangup");
        awaitEnded(a);
        awaitEnded(b);
    }

    @Test
    @Order(10)
    void aClickedLinkOrDeskphoneDialStartsTheAppWhenItIsNotRunningAndPlacesTheCallOnceRegistered() throws Exception {
        // B's profile allows no links: a clicked link waits for the agent's Call, and nothing is dialled meanwhile.
        b.close();
        String link = "sip:1001@" + Kamailio.DOMAIN;
        b.start(
                namespace,
                Stream.concat(Stream.of(launchOptions()), Stream.of(link)).toArray(String[]::new));
        b.awaitStatus("B registered after a start by a link", Duration.ofSeconds(40), CallLab::ready);
        awaitLog(b, "link " + link + ": waiting for the agent to confirm");
        // Nothing to wait for but time: for 5 s (a registered app dials at once), checked all along.
        Instant quietUntil = Instant.now().plusSeconds(5);
        do {
            assertThat(b.status().orElseThrow().path("calls"))
                    .as("B placed no call by itself")
                    .isEmpty();
            assertThat(DeskphoneProcess.activeCalls(a.status().orElseThrow()))
                    .as("A was not called")
                    .isEmpty();
            Thread.sleep(200);
        } while (Instant.now().isBefore(quietUntil));
        b.close();
        b.start(namespace, launchOptions());
        b.awaitStatus("B registered", Duration.ofSeconds(40), CallLab::ready);

        // What the desktop runs for a clicked sip: link (to the domain A's profile allows), and what a
        // CRM's click-to-dial runs, while Deskphone is closed.
        for (List<String> launch :
                List.of(List.of("sip:1002@" + Kamailio.DOMAIN), List.of("dial", "1002", "--account", "1001"))) {
            a.close();
            testStartedAt = System.currentTimeMillis();
            a.start(
                    namespace,
                    Stream.concat(Stream.of(launchOptions()), launch.stream()).toArray(String[]::new));

            // Started, registered, then dialled: longer than one call takes.
            JsonNode placed = a.awaitCall(
                    "A's call from '" + launch + "' established",
                    Duration.ofSeconds(40),
                    c -> "established".equals(c.path("state").asText()));
            assertThat(placed.path("direction").asText()).isEqualTo("outbound");
            assertThat(placed.path("remote").asText()).isEqualTo("sip:1002@" + Kamailio.DOMAIN);
            awaitCall(
                    b,
                    "B answered the call from " + launch,
                    c -> "established".equals(c.path("state").asText()));
            hearing.assertHears(speakerB, TONE_A, "B hears A on the call " + launch + " placed");
            a.request("call", "action", "hangup");
            awaitEnded(a);
            awaitEnded(b);
        }
    }

    @Test
    @Order(11)
    void aProfilesCodecOrderChoosesTheCodecWhetherWeOfferOrAnswer() throws Exception {
        // A's administrator prefers G.711 mu-law (a PBX that transcodes everything else); B keeps
        // the engine's order, opus first.
        restartAWithProfile("pcmu-first", "--codecs", "pcmu,opus");

        // A offers: PCMU is first on its m-line, and B's answer follows the offer's order.
        testStartedAt = System.currentTimeMillis();
        a.cliOk("dial", "1002");
        awaitCall(
                a,
                "A's pcmu-first call established",
                c -> "established".equals(c.path("state").asText()));
        awaitCall(
                b, "B auto-answered", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(speakerA, TONE_B, "A hears B over PCMU (A offered)");
        hearing.assertHears(speakerB, TONE_A, "B hears A over PCMU (A offered)");
        a.request("call", "action", "hangup");
        JsonNode offered = awaitEnded(a);
        awaitEnded(b);
        numbers.add(
                "codec when A (pcmu,opus) offers: " + offered.path("quality").path("codec"));
        assertThat(offered.path("quality").path("codec").asText()).startsWithIgnoringCase("pcmu");

        // B offers opus first; A's answer puts its preference first, so PCMU is chosen again.
        testStartedAt = System.currentTimeMillis();
        b.cliOk("dial", "1001");
        awaitCall(a, "A rings", c -> "ringing".equals(c.path("state").asText()));
        a.request("call", "action", "answer");
        awaitCall(a, "A answered", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(speakerA, TONE_B, "A hears B over PCMU (A answered)");
        hearing.assertHears(speakerB, TONE_A, "B hears A over PCMU (A answered)");
        // A hangs up: the quality (with the codec) is read before its media closes.
        a.request("call", "action", "hangup");
        JsonNode answered = awaitEnded(a);
        awaitEnded(b);
        numbers.add("codec when A (pcmu,opus) answers an opus-first offer: "
                + answered.path("quality").path("codec"));
        assertThat(answered.path("quality").path("codec").asText()).startsWithIgnoringCase("pcmu");
    }

    /**
     * Replaces A's profile with one that also has {@code options} (calls still ring during a wrap-up,
     * links to the PBX's domain still dial), restarts A and waits until it is ready again.
     */
    private void restartAWithProfile(String what, String... options) throws Exception {
        List<String> profile = new ArrayList<>(List.of(
                "profile",
                "add",
                "pbx",
                "--replace",
                "--server",
                pbx.wsUrl(),
                "--domain",
                Kamailio.DOMAIN,
                "--default"));
        profile.addAll(RINGS_DURING_WRAP_UP);
        profile.addAll(List.of("--allow-links", Kamailio.DOMAIN));
        profile.addAll(List.of(options));
        a.cliOk(profile.toArray(String[]::new));
        a.close();
        a.start(namespace, launchOptions());
        a.awaitStatus("A registered with the " + what + " profile", Duration.ofSeconds(40), CallLab::ready);
    }

    private static void awaitLog(DeskphoneProcess app, String text) throws Exception {
        app.awaitLog("\"" + text + "\"", Duration.ofSeconds(20), log -> log.contains(text));
    }

    @Test
    @Order(99) // last: it stops the PBX
    void whenThePbxGoesAwayMidCallBothSidesEndCleanly() throws Exception {
        a.cliOk("dial", "1002");
        awaitCall(a, "established", c -> "established".equals(c.path("state").asText()));
        awaitCall(b, "established", c -> "established".equals(c.path("state").asText()));
        hearing.assertHears(speakerB, TONE_A, "B hears A before the PBX stops");

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
}
