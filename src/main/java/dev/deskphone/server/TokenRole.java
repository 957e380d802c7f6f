package dev.deskphone.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a bearer token may do with the API. */
public enum TokenRole {
    /** Records and reads every call. Tokens made before roles existed are admins. */
    ADMIN,
    /** Reads every call and the report totals; records nothing (a wallboard, a CRM import). */
    REPORTING,
    /** Records and reads only the calls of its accounts (one agent's desktop). */
    AGENT;

    /** The name stored and shown: {@code admin}, {@code reporting}, {@code agent}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role labelled {@code text}; the message lists the labels. */
    public static TokenRole parse(String text) {
        for (TokenRole role : values()) {
            if (role.label().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "': use one of " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(TokenRole::label).collect(Collectors.joining(", "));
    }
}
