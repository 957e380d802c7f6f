package dev.deskphone.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioProcessing;
import dev.onvoid.webrtc.media.audio.AudioProcessingConfig;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * Owns the native media stack: the audio device module (system microphone and speaker), the
 * audio processing module (echo cancellation, noise suppression, gain control), the
 * PeerConnectionFactory and the one microphone source every call's track is made from. One engine
 * per process; one {@link CallMedia} per call.
 *
 * <p>All webrtc-java calls run on the engine's single media thread. Native objects are disposed
 * explicitly, in reverse order of creation, by {@link #close()}.
 */
public final class MediaEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final MediaThread media;
    private final NativeReferences nativeReferences;
    private final AtomicInteger livePeerConnections = new AtomicInteger();
    private final AtomicLong nextCallId = new AtomicLong(1);

    // Media thread only.
    private final Set<CallMedia> calls = new LinkedHashSet<>();
    private AudioProcessing audioProcessing;
    private AudioDeviceModule audioDeviceModule;
    private PeerConnectionFactory factory;
    private AudioTrackSource microphone;
    private boolean closed;

    private MediaEngine(MediaThread media, NativeReferences nativeReferences) {
        this.media = media;
        this.nativeReferences = nativeReferences;
    }

    /** Creates the engine; the future fails with a message naming the setting when a device is unknown. */
    public static CompletableFuture<MediaEngine> start(MediaEngineSettings settings) {
        MediaEngine engine = new MediaEngine(new MediaThread("deskphone-media"), NativeReferences.forLoadedLibrary());
        return engine.media.supply(() -> {
            try {
                engine.open(settings);
                return engine;
            } catch (RuntimeException | Error e) {
                engine.disposeNative();
                engine.media.shutdown();
                throw e;
            }
        });
    }

    private void open(MediaEngineSettings settings) {
        audioProcessing = new AudioProcessing();
        audioProcessing.applyConfig(processingConfig(settings));
        // The system default devices: libwebrtc's PulseAudio module cannot be pointed at another
        // device through webrtc-java 0.14 (it matches devices by an id PulseAudio leaves empty);
        // AudioRouter moves the streams instead (ADR 0009).
        audioDeviceModule = new AudioDeviceModule();
        factory = new PeerConnectionFactory(audioDeviceModule, audioProcessing);
        microphone = factory.createAudioSource(audioOptions(settings));
        log.info(
                "Media engine ready (echo cancellation {}, noise suppression {}, gain control {})",
                settings.echoCancellation(),
                settings.noiseSuppression(),
                settings.autoGainControl());
    }

    private static AudioProcessingConfig processingConfig(MediaEngineSettings settings) {
        AudioProcessingConfig config = new AudioProcessingConfig();
        config.echoCanceller.enabled = settings.echoCancellation();
        config.echoCanceller.enforceHighPassFiltering = settings.echoCancellation();
        config.noiseSuppression.enabled = settings.noiseSuppression();
        config.noiseSuppression.level = AudioProcessingConfig.NoiseSuppression.Level.MODERATE;
        config.gainControl.enabled = settings.autoGainControl();
        config.highPassFilter.enabled = settings.echoCancellation() || settings.noiseSuppression();
        return config;
    }

    private static AudioOptions audioOptions(MediaEngineSettings settings) {
        AudioOptions options = new AudioOptions();
        options.echoCancellation = settings.echoCancellation();
        options.noiseSuppression = settings.noiseSuppression();
        options.autoGainControl = settings.autoGainControl();
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
            CallMedia[] holder = new CallMedia[1];
            CallMedia call = new CallMedia(
                    id,
                    media,
                    options.iceGatheringTimeout(),
                    options.iceServers().isEmpty(),
                    nativeReferences,
                    () -> forget(holder[0]));
            holder[0] = call;
            RTCPeerConnection peerConnection = factory.createPeerConnection(configuration(options), call.observer());
            if (peerConnection == null) {
                throw new MediaException("creating the peer connection failed (check the ICE server URLs)");
            }
            livePeerConnections.incrementAndGet();
            calls.add(call);
            AudioTrack track = factory.createAudioTrack("deskphone-audio-" + id, microphone);
            call.attach(
                    peerConnection,
                    track,
                    options.codecs().isEmpty()
                            ? List.of()
                            : CodecPreferences.order(
                                    factory.getRtpReceiverCapabilities(MediaType.AUDIO)
                                            .getCodecs(),
                                    options.codecs()));
            log.debug("Call {}: media created with {}", id, options.iceServers());
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

    private void forget(CallMedia call) {
        if (calls.remove(call) && call.nativeReleased()) {
            livePeerConnections.decrementAndGet();
        }
    }

    /**
     * Native peer connections not deleted yet: open calls, plus any that closing left allocated.
     * 0 between calls, or something leaks.
     */
    public int livePeerConnections() {
        return livePeerConnections.get();
    }

    /** Closes every call, then disposes the factory, the device module and the audio processing. */
    public CompletableFuture<Void> shutdown() {
        return media.supply(() -> {
                    if (!closed) {
                        closed = true;
                        for (CallMedia call : List.copyOf(calls)) {
                            call.closeNow();
                        }
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

    /** Reverse order of creation: the factory holds the device and processing modules. */
    private void disposeNative() {
        microphone = null; // owned by the factory's tracks; webrtc-java 0.14 has no dispose for sources
        if (factory != null) {
            factory.dispose();
            factory = null;
        }
        if (audioDeviceModule != null) {
            audioDeviceModule.dispose();
            audioDeviceModule = null;
        }
        if (audioProcessing != null) {
            audioProcessing.dispose();
            audioProcessing = null;
        }
    }
}
