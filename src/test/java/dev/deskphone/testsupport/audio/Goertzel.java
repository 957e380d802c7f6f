package dev.deskphone.testsupport.audio;

/**
 * The Goertzel algorithm: the amplitude of one frequency in a block of samples, cheaper than an FFT
 * when only a few frequencies matter (DTMF detection, checking a known test tone).
 */
final class Goertzel {
    private Goertzel() {}

    /**
     * Amplitude (0..1 of full scale) of {@code frequency} in {@code samples[from, from+count)}; a
     * full-scale sine at exactly that frequency gives about 1.0 (rectangular window).
     */
    static double amplitude(short[] samples, int from, int count, int sampleRate, double frequency) {
        double omega = 2 * Math.PI * frequency / sampleRate;
        double coefficient = 2 * Math.cos(omega);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + count; i++) {
            double s0 = samples[i] / 32768.0 + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * Math.sqrt(Math.max(power, 0)) / count;
    }
}
