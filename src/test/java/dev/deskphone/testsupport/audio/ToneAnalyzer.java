package dev.deskphone.testsupport.audio;

/**
 * Measures the dominant frequency and the level of received audio, to prove which test tone a call
 * carried: a coarse Goertzel scan over the voice band, then a fine scan around the peak.
 */
public final class ToneAnalyzer {
    /** What a block of audio contains. */
    public record Tone(double frequencyHz, double levelDbfs) {}

    private static final double MIN_HZ = 100;
    private static final double MAX_HZ = 4000;
    private static final double COARSE_STEP_HZ = 5;
    private static final double FINE_STEP_HZ = 0.25;
    /** Enough for a fine frequency estimate; more only costs time. */
    private static final double MAX_SECONDS = 0.5;

    private ToneAnalyzer() {}

    public static Tone analyse(short[] samples, int count, int sampleRate) {
        return new Tone(dominantFrequency(samples, count, sampleRate), levelDbfs(samples, count));
    }

    /** RMS level relative to full scale; a full-scale sine is -3 dBFS; silence is -infinity. */
    public static double levelDbfs(short[] samples, int count) {
        if (count == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double sumOfSquares = 0;
        for (int i = 0; i < count; i++) {
            double s = samples[i] / 32768.0;
            sumOfSquares += s * s;
        }
        double rms = Math.sqrt(sumOfSquares / count);
        return rms == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms);
    }

    /**
     * Level in dBFS of one frequency in the block (a full-scale sine at exactly that frequency is
     * about -3 dBFS, like {@link #levelDbfs}): tells which of several mixed tones are there.
     */
    public static double levelAtDbfs(short[] samples, int count, int sampleRate, double frequency) {
        double amplitude = Goertzel.amplitude(samples, 0, count, sampleRate, frequency);
        // A sine of amplitude a has an RMS of a / sqrt(2).
        return amplitude == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(amplitude / Math.sqrt(2));
    }

    /** Frequency in Hz of the strongest tone between 100 Hz and 4 kHz, 0 for an empty block. */
    public static double dominantFrequency(short[] samples, int count, int sampleRate) {
        int used = (int) Math.min(count, sampleRate * MAX_SECONDS);
        int from = count - used; // the latest audio: the start may still hold a transition
        if (used == 0) {
            return 0;
        }
        double best =
                scan(samples, from, used, sampleRate, MIN_HZ, Math.min(MAX_HZ, sampleRate / 2.0 - 1), COARSE_STEP_HZ);
        return scan(samples, from, used, sampleRate, best - COARSE_STEP_HZ, best + COARSE_STEP_HZ, FINE_STEP_HZ);
    }

    private static double scan(short[] samples, int from, int count, int rate, double low, double high, double step) {
        double bestFrequency = low;
        double bestAmplitude = -1;
        for (double f = low; f <= high; f += step) {
            double amplitude = Goertzel.amplitude(samples, from, count, rate, f);
            if (amplitude > bestAmplitude) {
                bestAmplitude = amplitude;
                bestFrequency = f;
            }
        }
        return bestFrequency;
    }
}
