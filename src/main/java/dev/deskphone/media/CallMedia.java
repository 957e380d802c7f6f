package dev.deskphone.media;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
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
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
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
    /**
     * Without STUN or TURN servers a call has host candidates only, and libwebrtc finds all its UDP
     * ones at once; "gathering complete" comes only after its later allocation phases (~100 ms),
     * which would hold every offer back for nothing. So then the description is ready once
     * candidates have stopped coming for this long.
     */
    static final Duration HOST_CANDIDATES_SETTLE = Duration.ofMillis(20);

    private final String id;
    private final MediaThread media;
    private final Duration gatheringTimeout;
    private final boolean hostCandidatesOnly;
    private final NativeReferences nativeReferences;
    private final Runnable onClosed;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final List<RemoteAudioListener> audioListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<MediaConnectionState>> stateListeners = new CopyOnWriteArrayList<>();
    private final AudioTrackSink remoteSink = new RemoteSink();

    // Touched on the media thread only.
    private RTCPeerConnection peerConnection;
    private AudioTrack localTrack;
    private RTCRtpSender sender;
    private RTCRtpTransceiver audioTransceiver;
    private AudioTrack remoteTrack;
    private CompletableFuture<Void> gathering = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> candidatesSettled;
    private MediaConnectionState state = MediaConnectionState.NEW;
    private boolean closed;
    private boolean nativeReleased;

    /**
     * @param hostCandidatesOnly the call has no STUN or TURN server: see {@link #HOST_CANDIDATES_SETTLE}
     */
    CallMedia(
            String id,
            MediaThread media,
            Duration gatheringTimeout,
            boolean hostCandidatesOnly,
            NativeReferences nativeReferences,
            Runnable onClosed) {
        this.id = id;
        this.media = media;
        this.gatheringTimeout = gatheringTimeout;
        this.hostCandidatesOnly = hostCandidatesOnly;
        this.nativeReferences = nativeReferences;
        this.onClosed = onClosed;
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
                    peerConnection.createOffer(rtcOptions, createObserver(created));
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
                    peerConnection.createAnswer(new RTCAnswerOptions(), createObserver(created));
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
                            new RTCSessionDescription(type.toRtc(), sdp), setObserver(done, "setRemoteDescription"));
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
     * (e.g. 488 or 491): the call goes back to the last agreed session and stays usable.
     *
     * <p>libwebrtc's rollback only restores the signaling state: the media channels keep what the
     * rolled-back offer configured (a hold offer has already stopped playout). So after rolling
     * back, the last agreed offer/answer pair is applied again, locally: the same SDP as before,
     * so nothing changes on the wire, but the channels are configured from it once more.
     */
    @Override
    public CompletableFuture<Void> rollback() {
        return onMedia(() -> {
                    checkOpen();
                    RTCSignalingState signaling = peerConnection.getSignalingState();
                    RTCSessionDescription agreedLocal = peerConnection.getCurrentLocalDescription();
                    RTCSessionDescription agreedRemote = peerConnection.getCurrentRemoteDescription();
                    RTCSessionDescription rollback = new RTCSessionDescription(RTCSdpType.ROLLBACK, "");
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    switch (signaling) {
                        case HAVE_LOCAL_OFFER ->
                            peerConnection.setLocalDescription(rollback, setObserver(done, "rollback"));
                        case HAVE_REMOTE_OFFER, HAVE_REMOTE_PR_ANSWER ->
                            peerConnection.setRemoteDescription(rollback, setObserver(done, "rollback"));
                        default -> {
                            return CompletableFuture.<Void>completedFuture(null); // nothing pending
                        }
                    }
                    return done.thenCompose(v -> agreedLocal == null || agreedRemote == null
                            ? CompletableFuture.<Void>completedFuture(null)
                            : onMedia(() -> reapply(agreedLocal, agreedRemote)).thenCompose(f -> f));
                })
                .thenCompose(done -> done);
    }

    private CompletableFuture<Void> reapply(RTCSessionDescription local, RTCSessionDescription remote) {
        transceiver().setDirection(MediaDirection.ofFirstAudioSection(local.sdp).toTransceiverDirection());
        CompletableFuture<Void> first = new CompletableFuture<>();
        boolean weOffered = local.sdpType == RTCSdpType.OFFER;
        if (weOffered) {
            peerConnection.setLocalDescription(local, setObserver(first, "re-applying the agreed offer"));
        } else {
            peerConnection.setRemoteDescription(remote, setObserver(first, "re-applying the agreed offer"));
        }
        return first.thenCompose(v -> onMedia(() -> {
                    CompletableFuture<Void> second = new CompletableFuture<>();
                    if (weOffered) {
                        peerConnection.setRemoteDescription(
                                remote, setObserver(second, "re-applying the agreed answer"));
                    } else {
                        peerConnection.setLocalDescription(local, setObserver(second, "re-applying the agreed answer"));
                    }
                    return second;
                })
                .thenCompose(f -> f));
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
        return connected;
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
        stateListeners.add(listener);
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
        gathering.complete(null);
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
            releaseNative(senderHandle, peerConnectionHandle);
        } catch (RuntimeException e) {
            log.warn("Call {}: closing the peer connection failed", id, e);
        } finally {
            disposeLocalTrack();
            updateState(MediaConnectionState.CLOSED);
            connected.completeExceptionally(new IllegalStateException("call media closed"));
            onClosed.run();
        }
    }

    /** After close(): drops the references webrtc-java 0.14.0 keeps (see {@link NativeReferences}). */
    private void releaseNative(long senderHandle, long peerConnectionHandle) {
        if (!nativeReferences.active()) {
            nativeReleased = true; // the library frees what it closes
            return;
        }
        // The peer connection first: deleting it drops its transceiver's hold on the sender.
        nativeReleased = nativeReferences.release(peerConnectionHandle);
        boolean senderFreed = nativeReferences.release(senderHandle);
        if (!nativeReleased || !senderFreed) {
            log.warn(
                    "Call {}: native objects still referenced after close (peer connection freed: {}, sender freed: {})",
                    id,
                    nativeReleased,
                    senderFreed);
        }
    }

    /** True once the call's native peer connection is deleted (not only closed); media thread. */
    boolean nativeReleased() {
        return nativeReleased;
    }

    private void disposeLocalTrack() {
        try {
            localTrack.dispose();
        } catch (Error | RuntimeException e) {
            // webrtc-java signals "a reference is still around" with an Error; nothing else to free.
            log.warn("Call {}: local audio track not fully released: {}", id, e.getMessage());
        }
    }

    private CompletableFuture<String> setLocalAndGather(RTCSessionDescription description) {
        long started = System.nanoTime();
        return onMedia(() -> {
                    checkOpen();
                    CompletableFuture<Void> set = new CompletableFuture<>();
                    gathering = new CompletableFuture<>();
                    peerConnection.setLocalDescription(description, setObserver(set, "setLocalDescription"));
                    return set;
                })
                .thenCompose(set -> set)
                .thenCompose(ignored -> onMedia(() -> {
                    attachRemoteAudio();
                    if (peerConnection.getIceGatheringState() == RTCIceGatheringState.COMPLETE) {
                        gathering.complete(null);
                    }
                    CompletableFuture<Void> waitFor = gathering;
                    ScheduledFuture<?> timeout = media.schedule(gatheringTimeout, () -> {
                        if (!waitFor.isDone()) {
                            log.info(
                                    "Call {}: ICE gathering still running after {} ms; using candidates so far",
                                    id,
                                    gatheringTimeout.toMillis());
                            waitFor.complete(null);
                        }
                    });
                    long set = System.nanoTime();
                    return waitFor.whenComplete((v, e) -> {
                        timeout.cancel(false);
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

    private CreateSessionDescriptionObserver createObserver(CompletableFuture<RTCSessionDescription> result) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                result.complete(description);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new MediaException("creating the session description failed: " + error));
            }
        };
    }

    private SetSessionDescriptionObserver setObserver(CompletableFuture<Void> result, String what) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                result.complete(null);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new MediaException(what + " failed: " + error));
            }
        };
    }

    private void updateState(MediaConnectionState next) {
        if (next == state) {
            return;
        }
        state = next;
        if (next == MediaConnectionState.CONNECTED) {
            connected.complete(null);
        }
        for (Consumer<MediaConnectionState> listener : stateListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("Call {}: state listener failed", id, e);
            }
        }
    }

    /** Media thread: with host candidates only, gathering is done once they stop coming. */
    private void candidateArrived() {
        if (gathering.isDone()) {
            return;
        }
        if (candidatesSettled != null) {
            candidatesSettled.cancel(false);
        }
        CompletableFuture<Void> waitingFor = gathering;
        candidatesSettled = media.schedule(HOST_CANDIDATES_SETTLE, () -> waitingFor.complete(null));
    }

    /** Runs on libwebrtc's signaling thread: hand everything to the media thread, block nothing. */
    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            // No trickle ICE over SIP: candidates are read from the local description once gathered.
            if (hostCandidatesOnly) {
                media.execute("ice-candidate", CallMedia.this::candidateArrived);
            }
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState gatheringState) {
            if (gatheringState == RTCIceGatheringState.COMPLETE) {
                media.execute("ice-gathering-complete", () -> gathering.complete(null));
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState connectionState) {
            MediaConnectionState next = MediaConnectionState.valueOf(connectionState.name());
            media.execute("connection-state", () -> {
                if (!closed) {
                    log.debug("Call {}: media {}", id, next);
                    updateState(next);
                }
            });
        }
    }

    /** Runs on a native audio thread, every 10 ms: convert to mono PCM and pass on, nothing more. */
    private final class RemoteSink implements AudioTrackSink {
        private short[] mono = new short[960];

        @Override
        public void onData(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
            if (bitsPerSample != 16 || audioListeners.isEmpty()) {
                return;
            }
            if (mono.length < frames) {
                mono = new short[frames];
            }
            for (int frame = 0; frame < frames; frame++) {
                int sum = 0;
                for (int channel = 0; channel < channels; channel++) {
                    int at = 2 * (frame * channels + channel);
                    sum += (short) ((data[at + 1] << 8) | (data[at] & 0xff));
                }
                mono[frame] = (short) (sum / channels);
            }
            for (RemoteAudioListener listener : audioListeners) {
                listener.onAudio(mono, frames, sampleRate);
            }
        }
    }
}
