package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * webrtc-java 0.14.0 keeps every closed peer connection (its issue #239) and every audio source
 * allocated; these tests pin that down on the real native library (no sound server needed: a dummy
 * audio device) and show that {@link NativeReferences} deletes what close() left behind.
 */
class NativeReferencesTest {
    private AudioDeviceModule audioDevices;
    private PeerConnectionFactory factory;

    @BeforeEach
    void createFactory() {
        audioDevices = new AudioDeviceModule(AudioLayer.kDummyAudio);
        factory = new PeerConnectionFactory(audioDevices);
    }

    @AfterEach
    void disposeFactory() {
        factory.dispose();
        audioDevices.dispose();
    }

    @Test
    void theLibraryOnTheClassPathIsTheOneThatLeaks() {
        assertThat(NativeReferences.forLoadedLibrary().active())
                .as(
                        "webrtc-java %s is pinned in pom.xml; a newer one frees in close() and needs no help",
                        NativeReferences.LEAKING_VERSION)
                .isTrue();
    }

    @Test
    void aClosedPeerConnectionStaysAllocatedUntilItsReferenceIsReleased() {
        NativeReferences references = NativeReferences.forLoadedLibrary();
        RTCPeerConnection peerConnection = factory.createPeerConnection(new RTCConfiguration(), candidate -> {});
        long handle = references.handleOf(peerConnection);
        assertThat(handle).isNotZero();

        peerConnection.close();

        assertThat(references.handleOf(peerConnection))
                .as("Java's handle after close()")
                .isZero();
        assertThat(references.release(handle))
                .as("the native peer connection was still referenced after close(), by Java alone")
                .isTrue();
    }

    @Test
    void releasingThePeerConnectionThenItsSenderDeletesBoth() {
        NativeReferences references = NativeReferences.forLoadedLibrary();
        AudioTrack track = factory.createAudioTrack("test", factory.createAudioSource(new AudioOptions()));
        RTCPeerConnection peerConnection = factory.createPeerConnection(new RTCConfiguration(), candidate -> {});
        RTCRtpSender sender = peerConnection.addTrack(track, List.of("stream"));
        long peerConnectionHandle = references.handleOf(peerConnection);
        long senderHandle = references.handleOf(sender);

        peerConnection.removeTrack(sender);
        peerConnection.close();

        assertThat(references.release(peerConnectionHandle))
                .as("peer connection deleted")
                .isTrue();
        assertThat(references.release(senderHandle)).as("sender deleted").isTrue();
        track.dispose();
    }

    @Test
    void anAudioSourceStaysAllocatedUntilItsReferenceIsReleased() {
        NativeReferences references = NativeReferences.forLoadedLibrary();
        AudioTrackSource source = factory.createAudioSource(new AudioOptions());
        AudioTrack track = factory.createAudioTrack("test", source);
        long handle = references.handleOf(source);

        track.dispose();

        assertThat(references.release(handle))
                .as("the source outlived its only track, referenced by Java alone")
                .isTrue();
    }

    @Test
    void aCallsMicrophoneSourceIsDeletedOnceItsTrackIsAndReleasedOnlyOnce() {
        NativeReferences references = NativeReferences.forLoadedLibrary();
        AudioTrackSource source = factory.createAudioSource(new AudioOptions());
        factory.createAudioTrack("test", source).dispose();

        assertThat(CallMediaRelease.releaseSource(references, source))
                .as("source deleted")
                .isTrue();
        assertThat(references.handleOf(source)).as("its handle, cleared").isZero();
        assertThat(references.release(source)).as("a second release").isFalse();
    }

    @Test
    void anInactiveInstanceReleasesNothing() {
        NativeReferences inactive = NativeReferences.inactive();
        RTCPeerConnection peerConnection = factory.createPeerConnection(new RTCConfiguration(), candidate -> {});
        try {
            assertThat(inactive.active()).isFalse();
            assertThat(inactive.handleOf(peerConnection)).isZero();
            assertThat(inactive.release(NativeReferences.forLoadedLibrary().handleOf(peerConnection)))
                    .isFalse();
        } finally {
            long handle = NativeReferences.forLoadedLibrary().handleOf(peerConnection);
            peerConnection.close();
            NativeReferences.forLoadedLibrary().release(handle);
        }
    }
}
