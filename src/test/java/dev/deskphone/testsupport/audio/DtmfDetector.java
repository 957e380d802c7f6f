package dev.deskphone.testsupport.audio;

/**
 * Decodes DTMF digits from audio (ITU-T Q.23 frequency pairs): libwebrtc's receiver (NetEq) plays
 * received RFC 4733 telephone-events out as these tones, so finding them in the decoded audio
 * proves the events crossed the network.
 */
public final class DtmfDetector {
    private static final double[] LOW = {697, 770, 852, 941};
    private static final double[] HIGH = {1209, 1336, 1477, 1633};
    private static final char[][] KEYS = {
        {'1', '2', '3', 'A'},
        {'4', '5', '6', 'B'},
        {'7', '8', '9', 'C'},
        {'*', '0', '#', 'D'},
    };
    private static final double BLOCK_SECONDS = 0.02;
    /** About -37 dBFS per tone: far above codec noise, below any real DTMF level. */
    private static final double MIN_AMPLITUDE = 0.02;
    /** The chosen tone must beat the rest of its group by 10 dB. */
    private static final double GROUP_MARGIN = 3.16;
    /** A digit counts after this many consecutive blocks (40 ms; Q.24 asks for at least 40 ms). */
    private static final int MIN_BLOCKS = 2;

    private DtmfDetector() {}

    /** The digits heard, in order; a digit held across blocks counts once. */
    public static String detect(short[] samples, int count, int sampleRate) {
        int block = (int) (sampleRate * BLOCK_SECONDS);
        StringBuilder digits = new StringBuilder();
        char candidate = 0;
        int run = 0;
        boolean emitted = false;
        for (int from = 0; from + block <= count; from += block) {
            char key = keyIn(samples, from, block, sampleRate);
            if (key != 0 && key == candidate) {
                run++;
            } else {
                candidate = key;
                run = key == 0 ? 0 : 1;
                emitted = false;
            }
            if (candidate != 0 && run >= MIN_BLOCKS && !emitted) {
                digits.append(candidate);
                emitted = true;
            }
        }
        return digits.toString();
    }

    private static char keyIn(short[] samples, int from, int count, int rate) {
        int row = strongest(samples, from, count, rate, LOW);
        int column = strongest(samples, from, count, rate, HIGH);
        return row < 0 || column < 0 ? 0 : KEYS[row][column];
    }

    /** Index of the one clearly strongest frequency of the group, or -1. */
    private static int strongest(short[] samples, int from, int count, int rate, double[] group) {
        int best = -1;
        double bestAmplitude = 0;
        double second = 0;
        for (int i = 0; i < group.length; i++) {
            double amplitude = Goertzel.amplitude(samples, from, count, rate, group[i]);
            if (amplitude > bestAmplitude) {
                second = bestAmplitude;
                bestAmplitude = amplitude;
                best = i;
            } else if (amplitude > second) {
                second = amplitude;
            }
        }
        return bestAmplitude >= MIN_AMPLITUDE && bestAmplitude >= GROUP_MARGIN * second ? best : -1;
    }
}
