package dev.deskphone.media;

import java.util.regex.Pattern;

/**
 * A validated RFC 4733 DTMF request. The limits are webrtc-java's RTCDtmfSender rules (tone
 * duration 70 to 6000 ms, inter-tone gap at least 50 ms): checking them here gives the caller a
 * message naming the field instead of a bare {@code false} from the native sender.
 */
public record DtmfTones(String tones, int durationMs, int interToneGapMs) {
    private static final Pattern VALID = Pattern.compile("[0-9A-Da-d*#,]+");
    public static final int DEFAULT_DURATION_MS = 100;
    public static final int DEFAULT_GAP_MS = 70;
    public static final int MIN_DURATION_MS = 70;
    public static final int MAX_DURATION_MS = 6000;
    public static final int MIN_GAP_MS = 50;

    public DtmfTones {
        if (tones == null || !VALID.matcher(tones).matches()) {
            throw new IllegalArgumentException(
                    "tones: must be one or more of 0-9, A-D, *, # and ',' (got '" + tones + "')");
        }
        if (durationMs < MIN_DURATION_MS || durationMs > MAX_DURATION_MS) {
            throw new IllegalArgumentException("duration: must be between " + MIN_DURATION_MS + " and "
                    + MAX_DURATION_MS + " ms, got " + durationMs);
        }
        if (interToneGapMs < MIN_GAP_MS) {
            throw new IllegalArgumentException(
                    "interToneGap: must be at least " + MIN_GAP_MS + " ms, got " + interToneGapMs);
        }
    }
}
