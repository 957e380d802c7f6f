package dev.deskphone.media;

import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import java.util.List;

/**
 * The sink on a call's remote audio track. Runs on a native audio thread, every 10 ms: converts to
 * mono PCM and passes it on, nothing more.
 */
final class RemoteAudioSink implements AudioTrackSink {
    private final List<RemoteAudioListener> listeners;
    private short[] mono = new short[960];

    /** @param listeners read on every frame; a concurrent list, as listeners come and go on other threads */
    RemoteAudioSink(List<RemoteAudioListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public void onData(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
        if (bitsPerSample != 16 || listeners.isEmpty()) {
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
        for (RemoteAudioListener listener : listeners) {
            listener.onAudio(mono, frames, sampleRate);
        }
    }
}
