package dev.deskphone.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the call tests run their packaged apps in: a private network namespace (libwebrtc ignores
 * loopback), a Kamailio in it with subscribers 1001…, a PulseAudio with a sine "microphone" and a
 * null-sink "speaker" per user, and the apps, each provisioned with profile {@code pbx} and one
 * account. Closing it closes the speakers' recorders, the apps, then the PBX, the sound server and
 * the namespace, and keeps each app's output in the test's log directory.
 */
public final class CallLab implements AutoCloseable {
    /** Long enough for any one step of a call (ring, answer, hold, end) on a loaded CI machine. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final Path logs;
    private final Map<String, String> users;
    private final List<DeskphoneProcess> apps = new ArrayList<>();
    private final List<AutoCloseable> recorders = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();
    private NetworkNamespace namespace;
    private PulseAudioFixture pulse;
    private Kamailio pbx;

    private CallLab(Path dir, Path logs, int subscribers) {
        this.dir = dir;
        this.logs = logs;
        this.users = PbxAccounts.subscribers(subscribers);
    }

    /**
     * Starts the namespace, the sound server (in {@code dir}) and the PBX (in {@code dir/pbx}) with
     * {@code subscribers} extensions; what was started is closed again if a later part fails.
     */
    public static CallLab start(
            Path dir, Path logs, List<SineSource> microphones, List<String> speakers, int subscribers)
            throws Exception {
        Files.createDirectories(logs);
        CallLab lab = new CallLab(dir, logs, subscribers);
        try {
            lab.namespace = NetworkNamespace.create();
            lab.pulse = PulseAudioFixture.start(dir, microphones, speakers);
            lab.pbx = Kamailio.inNamespace(lab.namespace, dir.resolve("pbx"), lab.users);
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The directory the lab keeps its files in (a test's own fixtures may go there too). */
    public Path dir() {
        return dir;
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public PulseAudioFixture pulse() {
        return pulse;
    }

    public Kamailio pbx() {
        return pbx;
    }

    /**
     * A packaged app in {@code dir/name}, not started, on the sound server's {@code mic} and
     * {@code speaker}, with the default profile {@code pbx} (and {@code profileOptions}) and the
     * extension's account.
     */
    public DeskphoneProcess app(String name, String extension, String mic, String speaker, String... profileOptions)
            throws Exception {
        DeskphoneProcess app = new DeskphoneProcess(dir.resolve(name));
        apps.add(app);
        app.env().putAll(pulse.clientEnvironment(mic, speaker));
        List<String> profile = new ArrayList<>(
                List.of("profile", "add", "pbx", "--server", pbx.wsUrl(), "--domain", Kamailio.DOMAIN, "--default"));
        profile.addAll(List.of(profileOptions));
        app.cliOk(profile.toArray(String[]::new));
        PbxAccounts.addAccount(app, extension, users.get(extension));
        return app;
    }

    /**
     * {@link #app} for measuring tones: noise suppression treats a steady sine as noise and fades
     * it, so it is off.
     */
    public DeskphoneProcess toneApp(String name, String extension, String mic, String speaker, String... profileOptions)
            throws Exception {
        DeskphoneProcess app = app(name, extension, mic, speaker, profileOptions);
        app.env().put("DESKPHONE_NOISE_SUPPRESSION", "off");
        return app;
    }

    /** Records what the sink plays (a user's speaker), into the log directory's {@code logName}. */
    public SpeakerRecorder record(String sink, String logName) throws Exception {
        SpeakerRecorder recorder = SpeakerRecorder.start(pulse, sink, logs.resolve(logName));
        recorders.add(recorder);
        return recorder;
    }

    /** Closes the fixture with the lab, after the apps and before the PBX (a TURN server, an X server). */
    public <T extends AutoCloseable> T closesWith(T fixture) {
        others.add(fixture);
        return fixture;
    }

    /** An app whose one account is registered and whose media engine is ready: it can call and be called. */
    public static boolean ready(JsonNode status) {
        return PbxAccounts.allIn(status, "registered", 1)
                && "ready".equals(status.path("mediaEngine").asText());
    }

    /** Waits, app by app, until each is {@link #ready}. */
    public static void awaitReady(Duration timeout, DeskphoneProcess... apps) throws Exception {
        awaitEach("registered, media engine ready", timeout, CallLab::ready, apps);
    }

    /** Waits, app by app, until each is {@link #ready} and its backend online: call events get through. */
    public static void awaitReadyAndOnline(Duration timeout, DeskphoneProcess... apps) throws Exception {
        awaitEach(
                "registered, media engine ready, backend online",
                timeout,
                s -> ready(s) && "online".equals(s.path("backend").path("state").asText()),
                apps);
    }

    private static void awaitEach(
            String what, Duration timeout, Predicate<JsonNode> condition, DeskphoneProcess... apps) throws Exception {
        for (DeskphoneProcess app : apps) {
            app.awaitStatus(what, timeout, condition);
        }
    }

    /** The app's active call once one matches, within {@link #CALL_TIMEOUT}. */
    public static JsonNode awaitCall(DeskphoneProcess app, String what, Predicate<JsonNode> condition)
            throws Exception {
        return app.awaitCall(what, CALL_TIMEOUT, condition);
    }

    /** A call in the state (ringing, ringback, established) whatever its far end. */
    public static Predicate<JsonNode> inState(String state) {
        return call -> state.equals(call.path("state").asText());
    }

    /** A call in the state whose far end's URI contains {@code remote}. */
    public static Predicate<JsonNode> inState(String state, String remote) {
        return inState(state).and(call -> call.path("remote").asText().contains(remote));
    }

    public static Predicate<JsonNode> established(String remote) {
        return inState("established", remote);
    }

    /** Hangs up every active call of each app (a test that failed may have left its call up). */
    public static void hangUpAll(DeskphoneProcess... apps) throws Exception {
        for (DeskphoneProcess app : apps) {
            for (JsonNode call : DeskphoneProcess.activeCalls(app.status().orElseThrow())) {
                app.request(
                        "call",
                        "action",
                        "hangup",
                        "callId",
                        call.path("callId").asText());
            }
        }
    }

    /**
     * Waits until each app has no active call and no live peer connection (ending a call leaves no
     * media behind); returns their statuses then, in order.
     */
    public static List<JsonNode> awaitIdle(DeskphoneProcess... apps) throws Exception {
        List<JsonNode> statuses = new ArrayList<>();
        for (DeskphoneProcess app : apps) {
            statuses.add(app.awaitStatus(
                    "no active call and no live peer connection",
                    CALL_TIMEOUT,
                    s -> DeskphoneProcess.activeCalls(s).isEmpty()
                            && s.path("livePeerConnections").asInt() == 0));
        }
        return statuses;
    }

    /** A request's answer said ok. */
    public static void assertOk(JsonNode reply) {
        assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isTrue();
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(recorders);
        all.addAll(apps);
        all.addAll(others);
        all.add(pbx);
        all.add(pulse);
        all.add(namespace);
        try {
            Fixtures.closeAll(all);
        } finally {
            for (DeskphoneProcess app : apps) {
                Files.writeString(logs.resolve("app-" + app.home().getFileName() + ".log"), app.appOutput());
            }
        }
    }
}
