package dev.deskphone.calls;

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

    /** What is wrong with digits that are not {@link #valid}, naming the argument. */
    public static String problem(String digits) {
        return "DIGITS: '" + (digits == null ? "" : digits) + "' must be 1 to " + MAX_DIGITS + " of 0-9, *, #, A-D";
    }
}
