package dev.deskphone.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioProcessingConfig;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the native media stacks: one per call, each an audio device module (system microphone and
 * speaker), an audio processing module (echo cancellation, noise suppression, gain control), a
 * PeerConnectionFactory and the microphone source the call's track is made from. One engine per
 * process; one {@link CallMedia} per call.
 *
 * <p>A stack per call, not one shared by all calls: libwebrtc hands every captured frame to every
 * sending stream of a factory, so only separate device modules let two calls send different audio,
 * which a three-way call needs (ADR 0015). Each device module is a sound-server client of its own,
 * whose index the engine notes when it opens (see {@link SoundClients}). One stack is kept open
 * ahead of the next call ({@link SpareStack}), so answering does not wait for it.
 *
 * <p>All webrtc-java calls run on the engine's single media thread. Native objects are disposed
 * explicitly, in reverse order of creation: a call's stack once its peer connection is released
 * (ADR 0010), the rest by {@link #close()}.
 */
public final class MediaEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** The first spare stack waits this long after start-up, so the window and registration go first. */
    static final Duration SPARE_AFTER_START = Duration.ofSeconds(5);

    private final MediaThread media;
    private final NativeReferences nativeReferences;
    private final AtomicInteger livePeerConnections = new AtomicInteger();
    private final AtomicLong nextCallId = new AtomicLong(1);

    // Media thread only.
    private final Set<CallMedia> calls = new LinkedHashSet<>();
    private final Map<CallMedia, CallStack> stacks = new HashMap<>();
    /** Stacks of calls whose peer connection could not be released: disposed only at close. */
    private final List<CallStack> unreleased = new ArrayList<>();

    private final SpareStack<CallStack> spare;

    private boolean closed;

    private MediaEngine(
            MediaThread media,
            NativeReferences nativeReferences,
            MediaEngineSettings settings,
            SoundClients soundClients) {
        this.media = media;
        this.nativeReferences = nativeReferences;
        this.spare = new SpareStack<>(
                () -> CallStack.open(settings, soundClients),
                CallStack::dispose,
                (delay, task) -> media.schedule(delay, task));
    }

    /** Creates the engine; calls' sound-server clients are not told apart (no three-way calls). */
    public static CompletableFuture<MediaEngine> start(MediaEngineSettings settings) {
        return start(settings, SoundClients.NONE);
    }

    /**
     * Creates the engine: it loads the native library and checks that a device module opens, so the
     * future fails at start-up, not at the first call, when the audio system is unusable.
     *
     * @param soundClients lists this process's sound-server clients, to learn each call's one
     */
    public static CompletableFuture<MediaEngine> start(MediaEngineSettings settings, SoundClients soundClients) {
        MediaEngine engine = new MediaEngine(
                new MediaThread("deskphone-media"), NativeReferences.forLoadedLibrary(), settings, soundClients);
        return engine.media.supply(() -> {
            try {
                CallStack.open(settings, SoundClients.NONE).dispose();
                log.info(
                        "Media engine ready (echo cancellation {}, noise suppression {}, gain control {})",
                        settings.echoCancellation(),
                        settings.noiseSuppression(),
                        settings.autoGainControl());
                engine.spare.prepareAfter(SPARE_AFTER_START);
                return engine;
            } catch (RuntimeException | Error e) {
                engine.media.shutdown();
                throw e;
            }
        });
    }

    static AudioProcessingConfig processingConfig(MediaEngineSettings settings) {
        AudioProcessingConfig config = new AudioProcessingConfig();
        config.echoCanceller.enabled = settings.echoCancellation();
        config.echoCanceller.enforceHighPassFiltering = settings.echoCancellation();
        config.noiseSuppression.enabled = settings.noiseSuppression();
        config.noiseSuppression.level = AudioProcessingConfig.NoiseSuppression.Level.MODERATE;
        config.gainControl.enabled = settings.autoGainControl();
        config.highPassFilter.enabled = settings.echoCancellation() || settings.noiseSuppression();
        return config;
    }

    /**
     * The call source's options. Gain control is the processing module's (adaptive digital, see
     * {@link #processingConfig}), never the source's: that one is libwebrtc's analog gain control,
     * which on a three-way call's first call drove the mixed audio it sends to near silence within
     * seconds (ADR 0015), and which otherwise turns the system microphone's volume.
     */
    static AudioOptions audioOptions(MediaEngineSettings settings) {
        AudioOptions options = new AudioOptions();
        options.echoCancellation = settings.echoCancellation();
        options.noiseSuppression = settings.noiseSuppression();
        options.autoGainControl = false;
        options.highpassFilter = settings.echoCancellation() || settings.noiseSuppression();
        return options;
    }

    /** Creates the media of a new call: one peer connection sending the microphone. */
    public CompletableFuture<CallMedia> createCall(CallMediaOptions options) {
        return media.supply(() -> {
            if (closed) {
                throw new IllegalStateException("media engine is closed");
            }
            String id = Long.toString(nextCallId.getAndIncrement());
            CallStack stack = spare.take();
            OptionalLong client = stack.soundClient();
            PeerConnectionFactory factory = stack.factory();
            CallMedia[] holder = new CallMedia[1];
            CallMedia call = new CallMedia(
                    id,
                    media,
                    options.iceGatheringTimeout(),
                    options.iceServers().isEmpty(),
                    nativeReferences,
                    client,
                    () -> forget(holder[0]));
            holder[0] = call;
            RTCPeerConnection peerConnection = factory.createPeerConnection(configuration(options), call.observer());
            if (peerConnection == null) {
                stack.dispose();
                throw new MediaException("creating the peer connection failed (check the ICE server URLs)");
            }
            livePeerConnections.incrementAndGet();
            calls.add(call);
            stacks.put(call, stack);
            AudioTrack track = factory.createAudioTrack("deskphone-audio-" + id, stack.microphone());
            call.attach(
                    peerConnection,
                    track,
                    options.codecs().isEmpty()
                            ? List.of()
                            : CodecPreferences.order(
                                    factory.getRtpReceiverCapabilities(MediaType.AUDIO)
                                            .getCodecs(),
                                    options.codecs()));
            log.debug("Call {}: media created with {}, sound-server client {}", id, options.iceServers(), client);
            return call;
        });
    }

    private static RTCConfiguration configuration(CallMediaOptions options) {
        RTCConfiguration config = new RTCConfiguration();
        List<RTCIceServer> servers = new ArrayList<>();
        for (IceServer server : options.iceServers()) {
            RTCIceServer rtc = new RTCIceServer();
            rtc.urls = new ArrayList<>(server.urls());
            rtc.username = server.username();
            rtc.password = server.credential();
            servers.add(rtc);
        }
        config.iceServers = servers;
        config.iceTransportPolicy = options.relayOnly() ? RTCIceTransportPolicy.RELAY : RTCIceTransportPolicy.ALL;
        return config;
    }

    /** Media thread, once the call closed: its stack goes after its peer connection (ADR 0010). */
    private void forget(CallMedia call) {
        if (!calls.remove(call)) {
            return;
        }
        CallStack stack = stacks.remove(call);
        if (call.nativeReleased()) {
            livePeerConnections.decrementAndGet();
            if (stack != null) {
                disposeQuietly(call.id(), stack);
            }
        } else if (stack != null) {
            // A factory disposed under a live peer connection takes the process down: keep it.
            unreleased.add(stack);
        }
    }

    private static void disposeQuietly(String id, CallStack stack) {
        try {
            stack.dispose();
        } catch (RuntimeException | Error e) {
            log.warn("Call {}: disposing its media stack failed", id, e);
        }
    }

    /**
     * The agent chose other devices, or a device came or went: a spare stack opened before is
     * opened anew, so no call starts on what was there when it opened. Any thread.
     */
    public void devicesChanged() {
        media.execute("devices-changed", spare::devicesChanged);
    }

    /**
     * Native peer connections not deleted yet: open calls, plus any that closing left allocated.
     * 0 between calls, or something leaks.
     */
    public int livePeerConnections() {
        return livePeerConnections.get();
    }

    /** Closes every call (each disposes its stack), then what closing could not free. */
    public CompletableFuture<Void> shutdown() {
        return media.supply(() -> {
                    if (!closed) {
                        closed = true;
                        for (CallMedia call : List.copyOf(calls)) {
                            call.closeNow();
                        }
                        spare.close();
                        disposeNative();
                        log.info("Media engine closed");
                    }
                    return (Void) null;
                })
                .whenComplete((v, e) -> media.shutdown());
    }

    @Override
    public void close() {
        try {
            shutdown().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Media engine did not close cleanly", e);
        }
    }

    /** The stacks closing could not free with their calls. */
    private void disposeNative() {
        for (CallStack stack : unreleased) {
            disposeQuietly("(closed)", stack);
        }
        unreleased.clear();
    }
}
