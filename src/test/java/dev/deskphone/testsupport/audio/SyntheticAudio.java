package dev.deskphone.testsupport.audio;

import java.util.Random;

/** Builds test signals: sines, DTMF digits, silence and noise, as 16-bit PCM. */
final class SyntheticAudio {
    private final int sampleRate;
    private short[] samples = new short[0];
    private int count;

    SyntheticAudio(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    SyntheticAudio tone(double seconds, double amplitude, double... frequencies) {
        int n = (int) (seconds * sampleRate);
        ensure(n);
        for (int i = 0; i < n; i++) {
            double value = 0;
            for (double f : frequencies) {
                value += amplitude * Math.sin(2 * Math.PI * f * (count + i) / sampleRate);
            }
            samples[count + i] = clip(value);
        }
        count += n;
        return this;
    }

    SyntheticAudio silence(double seconds) {
        return tone(seconds, 0);
    }

    SyntheticAudio dtmf(char key, double seconds) {
        String keys = "123A456B789C*0#D";
        int index = keys.indexOf(key);
        double[] low = {697, 770, 852, 941};
        double[] high = {1209, 1336, 1477, 1633};
        return tone(seconds, 0.25, low[index / 4], high[index % 4]);
    }

    SyntheticAudio addNoise(double amplitude, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            samples[i] = clip(samples[i] / 32768.0 + amplitude * random.nextGaussian());
        }
        return this;
    }

    SyntheticAudio addTone(double frequency, double amplitude) {
        for (int i = 0; i < count; i++) {
            samples[i] = clip(samples[i] / 32768.0 + amplitude * Math.sin(2 * Math.PI * frequency * i / sampleRate));
        }
        return this;
    }

    short[] samples() {
        return samples;
    }

    int count() {
        return count;
    }

    private void ensure(int more) {
        if (count + more > samples.length) {
            samples = java.util.Arrays.copyOf(samples, Math.max(2 * samples.length, count + more));
        }
    }

    private static short clip(double value) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value * 32767)));
    }
}
