package dev.deskphone.media;

import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Freeing a closed call's native objects, which webrtc-java 0.14.0 does not fully do itself. */
final class CallMediaRelease {
    private static final Logger log = LoggerFactory.getLogger(CallMedia.class);

    private CallMediaRelease() {}

    /**
     * After close(): drops the references webrtc-java 0.14.0 keeps (see {@link NativeReferences}).
     *
     * @return whether the native peer connection is deleted (not only closed)
     */
    static boolean releaseNative(
            String id, NativeReferences nativeReferences, long senderHandle, long peerConnectionHandle) {
        if (!nativeReferences.active()) {
            return true; // the library frees what it closes
        }
        // The peer connection first: deleting it drops its transceiver's hold on the sender.
        boolean peerConnectionFreed = nativeReferences.release(peerConnectionHandle);
        boolean senderFreed = nativeReferences.release(senderHandle);
        if (!peerConnectionFreed || !senderFreed) {
            log.warn(
                    "Call {}: native objects still referenced after close (peer connection freed: {}, sender freed: {})",
                    id,
                    peerConnectionFreed,
                    senderFreed);
        }
        return peerConnectionFreed;
    }

    /**
     * Drops the reference webrtc-java 0.14.0 hands Java with a new audio source, which nothing drops
     * (its sources have no dispose): without this every call's microphone source stayed allocated.
     * Called once the tracks made from the source are disposed, so this is the last reference.
     *
     * @return whether the native source is deleted
     */
    static boolean releaseSource(NativeReferences nativeReferences, AudioTrackSource source) {
        if (!nativeReferences.active()) {
            return true;
        }
        boolean freed = nativeReferences.release(source);
        if (!freed) {
            log.warn("A call's microphone source is still referenced after its track was disposed");
        }
        return freed;
    }

    static void disposeLocalTrack(String id, AudioTrack localTrack) {
        try {
            localTrack.dispose();
        } catch (Error | RuntimeException e) {
            // webrtc-java signals "a reference is still around" with an Error; nothing else to free.
            log.warn("Call {}: local audio track not fully released: {}", id, e.getMessage());
        }
    }
}
