package dev.deskphone.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opaque paging cursors: the last call's position, base64url-encoded so clients don't parse it. */
final class Cursors {
    private static final Pattern POSITION = Pattern.compile("(-?\\d{1,19}):([0-9a-f-]{36})");

    private Cursors() {}

    static String encode(CallQuery.Position position) {
        String raw = position.startedAt() + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<CallQuery.Position> decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            Matcher matcher = POSITION.matcher(raw);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            return Optional.of(new CallQuery.Position(Long.parseLong(matcher.group(1)), matcher.group(2)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
