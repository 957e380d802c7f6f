package dev.deskphone.contract;

import java.util.regex.Pattern;

/**
 * Text the far end chose (display names, URIs, reason phrases, user agents), made safe to store
 * and show without refusing it: a caller must not be able to keep their call out of the records by
 * what they send.
 *
 * <p>Control characters (C0, DEL, C1: a NUL is refused by PostgreSQL and line breaks forge log
 * lines) and lone UTF-16 surrogates (not encodable as UTF-8) become U+FFFD, as a UTF-8 decoder does
 * with invalid bytes. Everything else, right-to-left text, bidi controls and emoji included, is kept
 * as it is: it is shown as text, never as markup. Over-long text is clipped by code points, so a
 * surrogate pair is never split, and ends in {@link #MARK} so a reader sees it was cut.
 */
public final class SafeText {
    /** Ends clipped text (one code point, counted in the limit). */
    public static final String MARK = "…";

    private static final char REPLACEMENT = '\uFFFD';
    private static final Pattern SIP_URI = Pattern.compile("(?i)(sip|sips|tel):\\S+");

    private SafeText() {}

    /** {@code value} cleaned and clipped to {@code maxCodePoints}; null stays null. */
    public static String clip(String value, int maxCodePoints) {
        if (value == null) {
            return null;
        }
        if (maxCodePoints < 1) {
            throw new IllegalArgumentException("a limit must be at least 1, got " + maxCodePoints);
        }
        String clean = clean(value);
        if (clean.codePointCount(0, clean.length()) <= maxCodePoints) {
            return clean;
        }
        return clean.substring(0, clean.offsetByCodePoints(0, maxCodePoints - 1)) + MARK;
    }

    /**
     * A URI from a SIP header, cleaned and clipped like {@link #clip}, with white space
     * percent-encoded (RFC 3986 §2.1) so it stays one token; null stays null.
     */
    public static String uri(String value, int maxCodePoints) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                out.appendCodePoint(cp);
            }
        });
        return clip(out.toString(), maxCodePoints);
    }

    /** True for a {@code sip:}, {@code sips:} or {@code tel:} URI without white space. */
    public static boolean isCallUri(String value) {
        return value != null && SIP_URI.matcher(value).matches();
    }

    /** {@code value} with control characters and lone surrogates replaced by U+FFFD. */
    public static String clean(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(value.charAt(i + 1));
                }
                i++;
                continue;
            }
            bad = Character.isSurrogate(c) || Character.isISOControl(c);
            if (bad && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (out != null) {
                out.append(bad ? REPLACEMENT : c);
            }
        }
        return out == null ? value : out.toString();
    }
}
