package dev.deskphone.calls;

import java.util.Locale;
import java.util.Optional;

/**
 * A clicked {@code sip:}, {@code sips:} or {@code tel:} link (RFC 3261 §19.1, RFC 3966), as the
 * desktop hands it to {@code deskphone URI}. The page decides how to dial it; Java only checks that
 * it is such a link.
 */
public record CallLink(String uri) {
    private static final int MAX_LENGTH = 2048;

    public CallLink {
        if (uri == null || !uri.equals(normalise(uri))) {
            throw new IllegalArgumentException("not a sip:, sips: or tel: link: " + uri);
        }
    }

    /** The link, or empty when the text is not a sip:/sips:/tel: URI with something to dial. */
    public static Optional<CallLink> parse(String text) {
        return Optional.ofNullable(normalise(text)).map(CallLink::new);
    }

    private static String normalise(String text) {
        if (text == null || text.length() > MAX_LENGTH || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = text.substring(colon + 1);
        // Browsers sometimes pass "sip://1001@pbx": drop the slashes, which SIP and tel URIs never have.
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        boolean known = scheme.equals("sip") || scheme.equals("sips") || scheme.equals("tel");
        return known && !rest.isBlank() ? scheme + ":" + rest : null;
    }
}
