package dev.deskphone.media;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import java.util.concurrent.CompletableFuture;

/**
 * Undoing a pending offer (ours or the remote's), as SIP.js does when a re-INVITE is rejected
 * (e.g. 488 or 491): the call goes back to the last agreed session and stays usable.
 *
 * <p>libwebrtc's rollback only restores the signaling state: the media channels keep what the
 * rolled-back offer configured (a hold offer has already stopped playout). So after rolling back,
 * the last agreed offer/answer pair is applied again, locally: the same SDP as before, so nothing
 * changes on the wire, but the channels are configured from it once more.
 */
final class SessionRollback {
    private final MediaThread media;
    private final RTCPeerConnection peerConnection;
    private final RTCRtpTransceiver audioTransceiver;

    SessionRollback(MediaThread media, RTCPeerConnection peerConnection, RTCRtpTransceiver audioTransceiver) {
        this.media = media;
        this.peerConnection = peerConnection;
        this.audioTransceiver = audioTransceiver;
    }

    /** Media thread: rolls back what is pending, if anything, and re-applies the agreed session. */
    CompletableFuture<Void> run() {
        RTCSignalingState signaling = peerConnection.getSignalingState();
        RTCSessionDescription agreedLocal = peerConnection.getCurrentLocalDescription();
        RTCSessionDescription agreedRemote = peerConnection.getCurrentRemoteDescription();
        RTCSessionDescription rollback = new RTCSessionDescription(RTCSdpType.ROLLBACK, "");
        CompletableFuture<Void> done = new CompletableFuture<>();
        switch (signaling) {
            case HAVE_LOCAL_OFFER ->
                peerConnection.setLocalDescription(rollback, SessionDescriptionObservers.set(done, "rollback"));
            case HAVE_REMOTE_OFFER, HAVE_REMOTE_PR_ANSWER ->
                peerConnection.setRemoteDescription(rollback, SessionDescriptionObservers.set(done, "rollback"));
            default -> {
                return CompletableFuture.completedFuture(null); // nothing pending
            }
        }
        return done.thenCompose(v -> agreedLocal == null || agreedRemote == null
                ? CompletableFuture.<Void>completedFuture(null)
                : media.supply(() -> reapply(agreedLocal, agreedRemote)).thenCompose(f -> f));
    }

    private CompletableFuture<Void> reapply(RTCSessionDescription local, RTCSessionDescription remote) {
        audioTransceiver.setDirection(
                MediaDirection.ofFirstAudioSection(local.sdp).toTransceiverDirection());
        CompletableFuture<Void> first = new CompletableFuture<>();
        boolean weOffered = local.sdpType == RTCSdpType.OFFER;
        if (weOffered) {
            peerConnection.setLocalDescription(
                    local, SessionDescriptionObservers.set(first, "re-applying the agreed offer"));
        } else {
            peerConnection.setRemoteDescription(
                    remote, SessionDescriptionObservers.set(first, "re-applying the agreed offer"));
        }
        return first.thenCompose(v -> media.supply(() -> {
                    CompletableFuture<Void> second = new CompletableFuture<>();
                    if (weOffered) {
                        peerConnection.setRemoteDescription(
                                remote, SessionDescriptionObservers.set(second, "re-applying the agreed answer"));
                    } else {
                        peerConnection.setLocalDescription(
                                local, SessionDescriptionObservers.set(second, "re-applying the agreed answer"));
                    }
                    return second;
                })
                .thenCompose(f -> f));
    }
}
