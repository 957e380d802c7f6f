package dev.deskphone.media;

import java.util.Arrays;

/** Collects a call's decoded remote audio between {@link #start} and {@link #stop}. */
final class ReceivedAudio implements RemoteAudioListener {
    record Recording(short[] samples, int count, int sampleRate) {
        /** Keeps what was heard for a person to listen to when a test fails. */
        void writeWav(java.nio.file.Path file) throws java.io.IOException {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(2 * count).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                bytes.putShort(samples[i]);
            }
            javax.sound.sampled.AudioFormat format =
                    new javax.sound.sampled.AudioFormat(Math.max(sampleRate, 8000), 16, 1, true, false);
            try (javax.sound.sampled.AudioInputStream in = new javax.sound.sampled.AudioInputStream(
                    new java.io.ByteArrayInputStream(bytes.array()), format, count)) {
                javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
            }
        }
    }

    private short[] samples = new short[48000];
    private int count;
    private int sampleRate;
    private boolean recording;

    synchronized void start() {
        count = 0;
        recording = true;
    }

    synchronized Recording stop() {
        recording = false;
        return new Recording(Arrays.copyOf(samples, count), count, sampleRate);
    }

    @Override
    public synchronized void onAudio(short[] pcm, int n, int rate) {
        if (!recording) {
            return;
        }
        if (rate != sampleRate) {
            sampleRate = rate;
            count = 0; // a rate change mid-recording would mix two time bases
        }
        if (count + n > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(2 * samples.length, count + n));
        }
        System.arraycopy(pcm, 0, samples, count, n);
        count += n;
    }
}
