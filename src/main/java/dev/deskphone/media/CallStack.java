package dev.deskphone.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioProcessing;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One call's native audio (ADR 0015): device module, processing module, factory, the microphone
 * source the call's track is made from, and the sound-server client the device module opened.
 * Media thread only.
 */
record CallStack(
        AudioProcessing processing,
        AudioDeviceModule deviceModule,
        PeerConnectionFactory factory,
        AudioTrackSource microphone,
        OptionalLong soundClient) {

    /**
     * Opens a processing module, device module and factory, in that order. The device module
     * connects to the sound server as it opens: the client that was not there before is this
     * stack's.
     */
    static CallStack open(MediaEngineSettings settings, SoundClients soundClients) {
        Set<Long> clientsBefore = soundClients.ours();
        AudioProcessing processing = new AudioProcessing();
        AudioDeviceModule deviceModule = null;
        try {
            processing.applyConfig(MediaEngine.processingConfig(settings));
            // The system default devices: libwebrtc's PulseAudio module cannot be pointed at another
            // device through webrtc-java 0.14 (it matches devices by an id PulseAudio leaves empty);
            // AudioRouter moves the streams instead (ADR 0009).
            deviceModule = new AudioDeviceModule();
            PeerConnectionFactory factory = new PeerConnectionFactory(deviceModule, processing);
            AudioTrackSource microphone = factory.createAudioSource(MediaEngine.audioOptions(settings));
            OptionalLong client = SoundClients.added(clientsBefore, soundClients.ours());
            return new CallStack(processing, deviceModule, factory, microphone, client);
        } catch (RuntimeException | Error e) {
            if (deviceModule != null) {
                deviceModule.dispose();
            }
            processing.dispose();
            throw e;
        }
    }

    /** Reverse order of creation: the factory holds the device and processing modules. */
    void dispose() {
        // The source is owned by the factory's tracks; webrtc-java 0.14 has no dispose for sources.
        factory.dispose();
        deviceModule.dispose();
        processing.dispose();
    }
}
