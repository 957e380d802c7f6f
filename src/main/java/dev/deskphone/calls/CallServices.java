package dev.deskphone.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.media.MediaEngine;
import dev.deskphone.media.MediaEngineSettings;
import dev.deskphone.media.SoundClients;
import dev.deskphone.media.ThreeWayMix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything calls need on the Java side, wired in one place: the media engine (one per app,
 * started in the background at launch, closed at exit), the page's media requests, the board of
 * calls the page reports, and the instance-channel commands that reach the page's calls
 * ({@code dial}, {@code call}).
 */
public final class CallServices implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallServices.class);
    private final CompletableFuture<MediaEngine> engine;
    private final MediaRequests mediaRequests;
    private final CallBoard calls = new CallBoard();
    private final Consumer<Object> page;
    private volatile Consumer<CallChange> changes = change -> {};

    /**
     * @param settings audio settings of the engine
     * @param page sends a message to the page (PageApi.post; any thread)
     */
    public CallServices(MediaEngineSettings settings, Consumer<Object> page) {
        this(settings, SoundClients.NONE, ThreeWayMix.unavailable("Merging calls is not available here."), page);
    }

    /**
     * @param settings audio settings of the engine
     * @param soundClients this process's sound-server clients, to tell each call's streams apart
     * @param mix merges two calls into a three-way call (the audio router)
     * @param page sends a message to the page (PageApi.post; any thread)
     */
    public CallServices(
            MediaEngineSettings settings, SoundClients soundClients, ThreeWayMix mix, Consumer<Object> page) {
        this.page = page;
        this.engine = MediaEngine.start(settings, soundClients);
        engine.whenComplete((e, error) -> {
            if (error != null) {
                log.error("The media engine did not start: calls will have no audio", error);
            }
        });
        this.mediaRequests =
                new MediaRequests(options -> engine.thenCompose(e -> e.createCall(options)), mix, page::accept);
    }

    /** Engine settings for this launch: the defaults, with what the environment switches off. */
    public static MediaEngineSettings settingsFrom(Map<String, String> env) {
        MediaEngineSettings defaults = MediaEngineSettings.DEFAULTS;
        // A diagnostic switch: noise suppression treats a steady test tone as noise and fades it.
        boolean noiseSuppression = !"off".equalsIgnoreCase(env.getOrDefault("DESKPHONE_NOISE_SUPPRESSION", "on"));
        // Diagnostic switches for echo cancellation and gain control, to tell their effect on audio apart.
        boolean echoCancellation = defaults.echoCancellation()
                && !"off".equalsIgnoreCase(env.getOrDefault("DESKPHONE_ECHO_CANCELLATION", "on"));
        boolean autoGainControl = defaults.autoGainControl()
                && !"off".equalsIgnoreCase(env.getOrDefault("DESKPHONE_AUTO_GAIN_CONTROL", "on"));
        return new MediaEngineSettings(echoCancellation, noiseSuppression, autoGainControl);
    }

    /** Where each call's changes go ({@code deskphone calls watch}); called on the FX thread, must not block. */
    public void onChange(Consumer<CallChange> listener) {
        this.changes = listener;
    }

    /**
     * The agent chose other audio devices, or one came or went: the media stack kept ready for the
     * next call is opened anew. Any thread.
     */
    public void audioDevicesChanged() {
        engine.thenAccept(MediaEngine::devicesChanged);
    }

    /** The page's {@code media-request} (FX thread). */
    public void mediaRequest(ObjectNode message) {
        mediaRequests.handle(message);
    }

    /** The page's {@code call-state} (FX thread). */
    public void callState(ObjectNode message, ObjectMapper json) {
        CallBoard.CallStatus status;
        try {
            ObjectNode fields = message.deepCopy().without("type");
            // when this app heard of the state, not anything the page sent
            fields.put("sinceEpochMs", System.currentTimeMillis());
            status = json.treeToValue(fields, CallBoard.CallStatus.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("call-state: " + e.getMessage());
        }
        if (status.callId() == null || status.state() == null) {
            throw new IllegalArgumentException("call-state needs \"callId\" and \"state\"");
        }
        CallBoard.CallStatus previous = calls.update(status);
        CallChanges.between(previous, status).forEach(changes);
    }

    /** Whether the page has a call that has not ended: its page must not be unloaded meanwhile. */
    public boolean callsInProgress() {
        return calls.anyActive();
    }

    /** The page (re)loaded: whatever media its previous life left open is closed. */
    public void pageReady() {
        calls.clearActive();
        mediaRequests.closeAll();
    }

    /** Adds the calls and the live peer-connection count to the instance channel's status. */
    public void status(ObjectNode reply, ObjectMapper json) {
        reply.set("calls", json.valueToTree(calls.snapshot()));
        reply.put("mediaCalls", mediaRequests.openCalls());
        // getNow would throw for an engine that failed to start: the status must still answer.
        MediaEngine running = engine.isDone() && !engine.isCompletedExceptionally() ? engine.join() : null;
        reply.put("livePeerConnections", running == null ? 0 : running.livePeerConnections());
        reply.put("mediaEngine", engine.isCompletedExceptionally() ? "failed" : running == null ? "starting" : "ready");
    }

    /**
     * Instance-channel commands about calls: {@code dial} ({@code target}, {@code account?},
     * {@code origin?}: {@code cli} dials at once, anything else is a link the agent confirms) and
     * {@code call} ({@code action}, {@code callId?}, {@code digits?}, {@code toneMs?}, {@code gapMs?},
     * {@code target?}, {@code account?}, {@code otherCallId?}), checked
     * against the calls the page reported ({@link CallControl}): a refusal answers
     * {@code ok:false} with {@code error} and {@code refusal} ({@code bad-argument}, {@code no-call},
     * {@code wrong-state}). Returns false for a command that is not about calls.
     */
    public boolean instanceCommand(String command, JsonNode request, ObjectNode reply) {
        switch (command) {
            case "dial" -> {
                String target = request.path("target").asText("").trim();
                if (target.isEmpty()) {
                    throw new IllegalArgumentException("dial: \"target\" (a number or SIP URI) is required");
                }
                Map<String, Object> message = pageCommand("dial");
                message.put("target", target);
                message.put(
                        "origin",
                        DialOrigin.fromWire(request.path("origin").asText("")).wireName());
                CallControl.text(request, "account").ifPresent(a -> message.put("account", a));
                page.accept(message);
                return true;
            }
            case "call" -> {
                Map<String, String> fields = CallControl.fieldsOf(request);
                try {
                    Map<String, Object> message = CallControl.pageCommand(
                            calls,
                            request.path("action").asText(""),
                            CallControl.text(request, "callId").orElse(null),
                            fields);
                    page.accept(message);
                    if (message.containsKey("callId")) {
                        reply.put("callId", (String) message.get("callId"));
                    }
                } catch (CallControl.Refused refused) {
                    reply.put("ok", false).put("error", refused.getMessage()).put("refusal", refused.kind.wireName);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static Map<String, Object> pageCommand(String name) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "command");
        message.put("name", name);
        return message;
    }

    /** Closes every call's media, then the engine (native objects in reverse order). */
    @Override
    public void close() {
        mediaRequests.closeAll();
        // Runs now when the engine is up, or once it is (an exit during start-up).
        engine.thenAccept(MediaEngine::close).exceptionally(e -> null);
    }
}
