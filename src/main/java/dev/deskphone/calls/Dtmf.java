package dev.deskphone.calls;

import dev.deskphone.media.DtmfTones;
import dev.deskphone.platform.WholeNumbers;
import java.util.regex.Pattern;

/** The DTMF digits a call command may send: the 16 events of RFC 4733 §3.2 (0-9, *, #, A-D). */
public final class Dtmf {
    /** At most this many digits per command (a PIN or an IVR menu path, not a text). */
    public static final int MAX_DIGITS = 64;

    private static final Pattern DIGITS = Pattern.compile("[0-9*#A-Da-d]{1," + MAX_DIGITS + "}");

    private Dtmf() {}

    /** True for 1 to {@value #MAX_DIGITS} of 0-9, *, #, A-D (either case). */
    public static boolean valid(String digits) {
        return digits != null && DIGITS.matcher(digits).matches();
    }

    /**
     * A tone length in ms a command asked for, checked against what the media engine sends (RFC 4733
     * events; webrtc-java's sender takes 70 to 6000 ms). Some IVRs and PBXs miss tones shorter than
     * their own minimum, so an agent or a CRM may ask for longer ones.
     *
     * @param name the argument's name in messages ({@code --tone-ms}, {@code toneMs})
     * @throws IllegalArgumentException naming the argument
     */
    public static int toneMs(String name, String value) {
        return millis(name, value, DtmfTones.MIN_DURATION_MS, DtmfTones.MAX_DURATION_MS);
    }

    /** The silence in ms between two tones a command asked for; see {@link #toneMs}. */
    public static int gapMs(String name, String value) {
        return millis(name, value, DtmfTones.MIN_GAP_MS, DtmfTones.MAX_DURATION_MS);
    }

    private static int millis(String name, String value, int min, int max) {
        return WholeNumbers.within(
                value == null ? "" : value.trim(),
                min,
                max,
                () -> new IllegalArgumentException(
                        name + ": '" + value + "' must be a whole number of milliseconds (" + min + " to " + max + ")"),
                ms -> new IllegalArgumentException(name + ": must be " + min + " to " + max + " ms, got " + ms));
    }

    /** What is wrong with digits that are not {@link #valid}, naming the argument. */
    public static String problem(String digits) {
        return "DIGITS: '" + (digits == null ? "" : digits) + "' must be 1 to " + MAX_DIGITS + " of 0-9, *, #, A-D";
    }
}
