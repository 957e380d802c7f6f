package dev.deskphone.media;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDtmfSender;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media of one call: one RTCPeerConnection with one audio transceiver, driven by a SIP.js
 * session description handler. Every method may be called from any thread; the work runs on the
 * engine's media thread and the returned futures complete there, so chain with the {@code *Async}
 * variants (e.g. onto the FX thread) rather than blocking in a dependent stage.
 *
 * <p>SIP carries one complete SDP per offer/answer (no trickle ICE), so {@link #createOffer} and
 * {@link #createAnswer} return the local description only after ICE gathering completes, or after
 * the call's gathering timeout with the candidates found so far.
 */
public final class CallMedia implements CallMediaControl {
    private static final Logger log = LoggerFactory.getLogger(CallMedia.class);
    private final String id;
    private final MediaThread media;
    private final boolean hostCandidatesOnly;
    private final NativeReferences nativeReferences;
    private final Runnable onClosed;
    private final OptionalLong soundClient;
    private final List<RemoteAudioListener> audioListeners = new CopyOnWriteArrayList<>();
    private final AudioTrackSink remoteSink = new RemoteAudioSink(audioListeners);
    private final IceGathering gathering;
    private final MediaStateListeners states;

    // Touched on the media thread only.
    private RTCPeerConnection peerConnection;
    private AudioTrack localTrack;
    private RTCRtpSender sender;
    private RTCRtpTransceiver audioTransceiver;
    private AudioTrack remoteTrack;
    private boolean closed;
    private boolean nativeReleased;

    /**
     * @param hostCandidatesOnly the call has no STUN or TURN server: see {@link IceGathering#HOST_CANDIDATES_SETTLE}
     */
    CallMedia(
            String id,
            MediaThread media,
            Duration gatheringTimeout,
            boolean hostCandidatesOnly,
            NativeReferences nativeReferences,
            OptionalLong soundClient,
            Runnable onClosed) {
        this.id = id;
        this.media = media;
        this.gathering = new IceGathering(id, media, gatheringTimeout);
        this.states = new MediaStateListeners(id);
        this.hostCandidatesOnly = hostCandidatesOnly;
        this.nativeReferences = nativeReferences;
        this.onClosed = onClosed;
        this.soundClient = soundClient;
    }

    /** Called once by the engine, on the media thread, before the call is handed out. */
    void attach(RTCPeerConnection peerConnection, AudioTrack localTrack, List<RTCRtpCodecCapability> codecOrder) {
        this.peerConnection = peerConnection;
        this.localTrack = localTrack;
        // addTrack (not addTransceiver): only an addTrack transceiver can be matched to the audio
        // section of a remote offer, so the same code serves caller and callee (JSEP 5.10).
        this.sender = peerConnection.addTrack(localTrack, List.of("deskphone-" + id));
        // Looked up once: each webrtc-java getter returns a new wrapper holding a native reference
        // that 0.14 never releases, so repeated lookups would pin native objects after close.
        this.audioTransceiver = peerConnection.getTransceivers()[0];
        if (!codecOrder.isEmpty()) {
            // On the transceiver, so the order holds for our offers and our answers alike.
            audioTransceiver.setCodecPreferences(codecOrder);
        }
    }

    /** The observer to create the peer connection with: it only hands events to the media thread. */
    PeerConnectionObserver observer() {
        return new Observer();
    }

    public String id() {
        return id;
    }

    @Override
    public OptionalLong soundClient() {
        return soundClient;
    }

    /** Creates the local offer, sets it, waits for ICE gathering (bounded) and returns its SDP. */
    @Override
    public CompletableFuture<String> createOffer(OfferOptions options) {
        return onMedia(() -> {
                    checkOpen();
                    transceiver()
                            .setDirection(HoldDirections.forOffer(negotiatedDirection(), options.hold())
                                    .toTransceiverDirection());
                    RTCOfferOptions rtcOptions = new RTCOfferOptions();
                    rtcOptions.iceRestart = options.iceRestart();
                    CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
                    peerConnection.createOffer(rtcOptions, SessionDescriptionObservers.created(created));
                    return created;
                })
                .thenCompose(created -> created)
                .thenCompose(this::setLocalAndGather);
    }

    /** Creates the answer to the remote offer already set, waits for ICE gathering and returns it. */
    @Override
    public CompletableFuture<String> createAnswer(boolean hold) {
        return onMedia(() -> {
                    checkOpen();
                    RTCSessionDescription remote = peerConnection.getRemoteDescription();
                    if (peerConnection.getSignalingState() != RTCSignalingState.HAVE_REMOTE_OFFER || remote == null) {
                        throw new IllegalStateException("createAnswer: no remote offer to answer");
                    }
                    MediaDirection offered = MediaDirection.ofFirstAudioSection(remote.sdp);
                    transceiver()
                            .setDirection(
                                    HoldDirections.forAnswer(offered, hold).toTransceiverDirection());
                    CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
                    peerConnection.createAnswer(new RTCAnswerOptions(), SessionDescriptionObservers.created(created));
                    return created;
                })
                .thenCompose(created -> created)
                .thenCompose(this::setLocalAndGather);
    }

    /** Applies the remote offer, answer or provisional answer. */
    @Override
    public CompletableFuture<Void> setRemoteDescription(SdpType type, String sdp) {
        if (sdp == null || sdp.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("sdp: remote description is empty"));
        }
        return onMedia(() -> {
                    checkOpen();
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    peerConnection.setRemoteDescription(
                            new RTCSessionDescription(type.toRtc(), sdp),
                            SessionDescriptionObservers.set(done, "setRemoteDescription"));
                    return done;
                })
                .thenCompose(done -> done)
                .thenCompose(ignored -> onMedia(() -> {
                    attachRemoteAudio();
                    return null;
                }));
    }

    /**
     * Undoes a pending offer (ours or the remote's), as SIP.js does when a re-INVITE is rejected
     * (e.g. 488 or 491): the call goes back to the last agreed session and stays usable; see
     * {@link SessionRollback}.
     */
    @Override
    public CompletableFuture<Void> rollback() {
        return onMedia(() -> {
                    checkOpen();
                    return new SessionRollback(media, peerConnection, audioTransceiver).run();
                })
                .thenCompose(done -> done);
    }

    /** Mutes the microphone for this call only: the track sends silence while disabled. */
    @Override
    public CompletableFuture<Void> setMuted(boolean muted) {
        return onMedia(() -> {
            checkOpen();
            localTrack.setEnabled(!muted);
            return null;
        });
    }

    /**
     * Sends RFC 4733 telephone-events. Completes with false, sending nothing, when the remote did
     * not negotiate telephone-event: the caller then falls back to SIP INFO.
     */
    @Override
    public CompletableFuture<Boolean> sendDtmf(DtmfTones tones) {
        return onMedia(() -> {
            checkOpen();
            RTCDtmfSender dtmf = sender.getDtmfSender();
            if (dtmf == null || !dtmf.canInsertDtmf()) {
                return false;
            }
            return dtmf.insertDtmf(tones.tones(), tones.durationMs(), tones.interToneGapMs());
        });
    }

    /** Jitter, packet loss, round-trip time and codec, from the peer connection's stats. */
    @Override
    public CompletableFuture<CallStats> stats() {
        return onMedia(() -> {
                    checkOpen();
                    CompletableFuture<CallStats> result = new CompletableFuture<>();
                    peerConnection.getStats(report -> {
                        try {
                            result.complete(CallStatsReader.read(report.getStats()));
                        } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                        }
                    });
                    return result;
                })
                .thenCompose(f -> f);
    }

    /** Completes when the media transport first connects (ICE and DTLS done). */
    public CompletableFuture<Void> connected() {
        return states.connected();
    }

    public void addRemoteAudioListener(RemoteAudioListener listener) {
        audioListeners.add(listener);
    }

    public void removeRemoteAudioListener(RemoteAudioListener listener) {
        audioListeners.remove(listener);
    }

    /** Connection state changes, e.g. FAILED for an ICE failure; called on the media thread. */
    @Override
    public void addStateListener(Consumer<MediaConnectionState> listener) {
        states.add(listener);
    }

    /**
     * Closes the peer connection and releases its native objects. Safe to call twice, and after the
     * engine closed the call itself.
     */
    @Override
    public CompletableFuture<Void> close() {
        return onMedia(() -> {
            closeNow();
            return null;
        });
    }

    /** Media thread only. Order matters: detach our sink, drop the track from the sender, close, release, then dispose. */
    void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        gathering.complete();
        try {
            if (remoteTrack != null) {
                remoteTrack.removeSink(remoteSink);
                remoteTrack = null;
            }
            long peerConnectionHandle = nativeReferences.handleOf(peerConnection);
            long senderHandle = nativeReferences.handleOf(sender);
            // The sender keeps a reference to the track; release it first so the track's native
            // object can really be deleted below (dispose throws while a reference remains).
            peerConnection.removeTrack(sender);
            peerConnection.close();
            nativeReleased = CallMediaRelease.releaseNative(id, nativeReferences, senderHandle, peerConnectionHandle);
        } catch (RuntimeException e) {
            log.warn("Call {}: closing the peer connection failed", id, e);
        } finally {
            CallMediaRelease.disposeLocalTrack(id, localTrack);
            states.closed();
            onClosed.run();
        }
    }

    /** True once the call's native peer connection is deleted (not only closed); media thread. */
    boolean nativeReleased() {
        return nativeReleased;
    }

    private CompletableFuture<String> setLocalAndGather(RTCSessionDescription description) {
        long started = System.nanoTime();
        return onMedia(() -> {
                    checkOpen();
                    CompletableFuture<Void> set = new CompletableFuture<>();
                    gathering.restart();
                    peerConnection.setLocalDescription(
                            description, SessionDescriptionObservers.set(set, "setLocalDescription"));
                    return set;
                })
                .thenCompose(set -> set)
                .thenCompose(ignored -> onMedia(() -> {
                    attachRemoteAudio();
                    if (peerConnection.getIceGatheringState() == RTCIceGatheringState.COMPLETE) {
                        gathering.complete();
                    }
                    CompletableFuture<Void> waitFor = gathering.awaitBounded();
                    long set = System.nanoTime();
                    return waitFor.whenComplete((v, e) -> {
                        log.debug(
                                "Call {}: {} set in {} ms, ICE gathered {} ms later",
                                id,
                                description.sdpType,
                                (set - started) / 1_000_000,
                                (System.nanoTime() - set) / 1_000_000);
                    });
                }))
                .thenCompose(waited -> waited)
                .thenCompose(ignored -> onMedia(() -> {
                    checkOpen();
                    // The current local description carries every candidate gathered so far.
                    return peerConnection.getLocalDescription().sdp;
                }));
    }

    private void attachRemoteAudio() {
        if (remoteTrack != null || closed) {
            return;
        }
        if (audioTransceiver.getReceiver().getTrack() instanceof AudioTrack audio) {
            audio.addSink(remoteSink);
            remoteTrack = audio;
        }
    }

    private RTCRtpTransceiver transceiver() {
        return audioTransceiver;
    }

    private MediaDirection negotiatedDirection() {
        var current = transceiver().getCurrentDirection();
        return current == null ? MediaDirection.SENDRECV : MediaDirection.fromTransceiverDirection(current);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("call media " + id + " is closed");
        }
    }

    private <T> CompletableFuture<T> onMedia(java.util.concurrent.Callable<T> task) {
        return media.supply(task);
    }

    /** Runs on libwebrtc's signaling thread: hand everything to the media thread, block nothing. */
    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            // No trickle ICE over SIP: candidates are read from the local description once gathered.
            if (hostCandidatesOnly) {
                media.execute("ice-candidate", gathering::candidateArrived);
            }
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState gatheringState) {
            if (gatheringState == RTCIceGatheringState.COMPLETE) {
                media.execute("ice-gathering-complete", gathering::complete);
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState connectionState) {
            MediaConnectionState next = MediaConnectionState.valueOf(connectionState.name());
            media.execute("connection-state", () -> {
                if (!closed) {
                    log.debug("Call {}: media {}", id, next);
                    states.update(next);
                }
            });
        }
    }
}
