package dev.deskphone.profile;

import dev.deskphone.profile.CallHandling.IceTransportPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each configuration field accepts. Used for typed input and again for files read from disk,
 * so a hand-edited file is held to the same rules.
 */
final class FieldRules {
    static final int MIN_REGISTER_EXPIRES = 60; // RFC 3261 10.2.8: servers may answer 423 below their minimum, often 60
    static final int MAX_REGISTER_EXPIRES = 86_400;
    static final int MIN_ICE_TIMEOUT_MS = 100;
    static final int MAX_ICE_TIMEOUT_MS = 30_000;
    static final int MAX_PASSWORD_LENGTH = 256;

    // Profile names and extensions end up in file names and in "profile/extension" ids.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9+][A-Za-z0-9._+-]{0,63}");
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    static final Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)" + LABEL + "(?:\\." + LABEL + ")*\\.?");
    private static final String HOST = "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)";
    // RFC 7064 (stun:host[:port]) and RFC 7065 (turn:host[:port][?transport=udp|tcp]).
    private static final Pattern STUN = Pattern.compile("(?i)stuns?:" + HOST + "(?::(\\d{1,5}))?");
    private static final Pattern TURN =
            Pattern.compile("(?i)turns?:" + HOST + "(?::(\\d{1,5}))?(?:\\?transport=(?:udp|tcp))?");

    private FieldRules() {}

    static String profileName(String value, String field, Validation v) {
        if (isMissing(value)) {
            v.reject(field, "a profile name is required");
        } else if (!NAME.matcher(value).matches()) {
            v.reject(
                    field,
                    "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit" + got(value));
        }
        return value;
    }

    static URI server(String value, Validation v) {
        String rule = "must be a ws:// or wss:// URI with a host";
        if (isMissing(value)) {
            v.reject(Fields.SERVER, rule + " (none given)");
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("ws") || scheme.equals("wss")) || uri.getHost() == null) {
                v.reject(Fields.SERVER, rule + got(value));
            } else if (uri.getRawUserInfo() != null) {
                v.reject(Fields.SERVER, "must not contain a user name or password" + got(value));
            }
            return uri;
        } catch (URISyntaxException e) {
            v.reject(Fields.SERVER, rule + got(value));
            return null;
        }
    }

    static String domain(String value, Validation v) {
        if (isMissing(value)) {
            v.reject(Fields.DOMAIN, "a SIP domain is required, such as pbx.example.com");
        } else if (!HOST_NAME.matcher(value).matches()) {
            v.reject(Fields.DOMAIN, "must be a host name such as pbx.example.com" + got(value));
        }
        return value;
    }

    static List<URI> stun(List<String> values, Validation v) {
        List<URI> uris = new ArrayList<>();
        for (String value : values) {
            if (value == null || !validHostPort(STUN.matcher(value.strip()))) {
                v.reject(Fields.STUN, "must be a stun: or stuns: URI such as stun:stun.example.com:3478" + got(value));
            } else {
                uris.add(URI.create(value.strip()));
            }
        }
        return uris;
    }

    static URI turn(String value, Validation v) {
        if (value == null || !validHostPort(TURN.matcher(value.strip()))) {
            v.reject(
                    Fields.TURN,
                    "must be a turn: or turns: URI such as turn:turn.example.com:3478?transport=udp" + got(value));
            return null;
        }
        return URI.create(value.strip());
    }

    static int registerExpires(Integer value, Validation v) {
        return within(
                value,
                Profile.DEFAULT_REGISTER_EXPIRES,
                MIN_REGISTER_EXPIRES,
                MAX_REGISTER_EXPIRES,
                Fields.REGISTER_EXPIRES,
                "seconds",
                v);
    }

    static int iceGatheringTimeoutMs(Integer value, Validation v) {
        return within(
                value,
                Profile.DEFAULT_ICE_GATHERING_TIMEOUT_MS,
                MIN_ICE_TIMEOUT_MS,
                MAX_ICE_TIMEOUT_MS,
                Fields.ICE_TIMEOUT_MS,
                "milliseconds",
                v);
    }

    static int keepAliveSeconds(Integer value, Validation v) {
        return within(
                value,
                Profile.DEFAULT_KEEPALIVE_SECONDS,
                0,
                Profile.MAX_KEEPALIVE_SECONDS,
                Fields.KEEPALIVE_SECONDS,
                "seconds",
                v);
    }

    /** The wrap-up settings with how unavailable calls are refused (null: the defaults). */
    static WrapUpSettings wrapUp(
            List<String> dispositions, Integer seconds, Integer dndResponse, String ringDuringWrapUp, Validation v) {
        WrapUpSettings wrapUp = wrapUp(dispositions, seconds, v);
        int response = WrapUpSettings.DEFAULT_DND_RESPONSE;
        if (dndResponse != null) {
            if (WrapUpSettings.DND_RESPONSES.contains(dndResponse)) {
                response = dndResponse;
            } else {
                v.reject(
                        Fields.DND_RESPONSE,
                        "must be 486 (Busy Here), 480 (Temporarily Unavailable) or 603 (Decline)"
                                + got(String.valueOf(dndResponse)));
            }
        }
        boolean ring = false;
        if (ringDuringWrapUp != null) {
            String wanted = ringDuringWrapUp.strip().toLowerCase(Locale.ROOT);
            if (wanted.equals("on")) {
                ring = true;
            } else if (!wanted.equals("off")) {
                v.reject(Fields.RING_DURING_WRAPUP, "must be 'on' or 'off'" + got(ringDuringWrapUp));
            }
        }
        return new WrapUpSettings(wrapUp.seconds(), wrapUp.dispositions(), response, ring);
    }

    static WrapUpSettings wrapUp(List<String> dispositions, Integer seconds, Validation v) {
        int timer = within(
                seconds,
                WrapUpSettings.DEFAULT_SECONDS,
                0,
                WrapUpSettings.MAX_SECONDS,
                Fields.WRAPUP_SECONDS,
                "seconds",
                v);
        List<String> choices = dispositions == null
                ? List.of()
                : dispositions.stream().map(String::strip).toList();
        if (choices.size() > WrapUpSettings.MAX_DISPOSITIONS) {
            v.reject(
                    Fields.DISPOSITION,
                    "at most " + WrapUpSettings.MAX_DISPOSITIONS + " dispositions (got " + choices.size() + ")");
        } else if (choices.stream().distinct().count() < choices.size()) {
            v.reject(Fields.DISPOSITION, "each disposition once (got " + choices + ")");
        } else {
            choices.forEach(choice -> text(choice, Fields.DISPOSITION, WrapUpSettings.MAX_DISPOSITION_LENGTH, true, v));
        }
        return new WrapUpSettings(timer, choices);
    }

    /**
     * Auto-answer delay and ICE policy. Relay-only needs a TURN server, or no call could ever
     * connect: {@code hasTurn} says whether the profile has one.
     */
    /**
     * With them, whether a caller may ask for auto-answer ({@code on}/{@code off}, null: off) and the
     * codec order.
     */
    static CallHandling callHandling(
            Integer autoAnswerSeconds,
            String iceTransportPolicy,
            boolean hasTurn,
            String headerAutoAnswer,
            List<String> codecs,
            Validation v) {
        OptionalInt autoAnswer = OptionalInt.empty();
        if (autoAnswerSeconds != null) {
            autoAnswer = OptionalInt.of(within(
                    autoAnswerSeconds, 0, 0, CallHandling.MAX_AUTO_ANSWER_SECONDS, Fields.AUTO_ANSWER, "seconds", v));
        }
        IceTransportPolicy policy = IceTransportPolicy.ALL;
        if (iceTransportPolicy != null) {
            String wanted = iceTransportPolicy.strip().toLowerCase(Locale.ROOT);
            policy = Arrays.stream(IceTransportPolicy.values())
                    .filter(p -> p.wireName().equals(wanted))
                    .findFirst()
                    .orElse(null);
            if (policy == null) {
                v.reject(Fields.ICE_TRANSPORT_POLICY, "must be 'all' or 'relay'" + got(iceTransportPolicy));
                policy = IceTransportPolicy.ALL;
            } else if (policy == IceTransportPolicy.RELAY && !hasTurn) {
                v.reject(
                        Fields.ICE_TRANSPORT_POLICY, "'relay' needs a TURN server (--turn): calls could never connect");
            }
        }
        return new CallHandling(
                autoAnswer, policy, onOff(headerAutoAnswer, Fields.HEADER_AUTO_ANSWER, v), codecs(codecs, v));
    }

    /** {@code on} or {@code off} (any case); null: off. */
    static boolean onOff(String value, String field, Validation v) {
        if (value == null) {
            return false;
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        if (!wanted.equals("on") && !wanted.equals("off")) {
            v.reject(field, "must be 'on' or 'off'" + got(value));
            return false;
        }
        return wanted.equals("on");
    }

    /** Known codec names ({@link CallHandling#KNOWN_CODECS}), each once, in the order given; lower-cased. */
    static List<String> codecs(List<String> codecs, Validation v) {
        if (codecs == null || codecs.isEmpty()) {
            return List.of();
        }
        List<String> names = codecs.stream()
                .map(c -> c == null ? "" : c.strip().toLowerCase(Locale.ROOT))
                .toList();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!CallHandling.KNOWN_CODECS.contains(name)) {
                v.reject(
                        Fields.CODECS,
                        "'" + codecs.get(i) + "' is not a known codec (known: "
                                + String.join(", ", CallHandling.KNOWN_CODECS) + ")");
                return List.of();
            }
            if (names.indexOf(name) != i) {
                v.reject(Fields.CODECS, "names '" + name + "' twice (got " + String.join(",", codecs) + ")");
                return List.of();
            }
        }
        return names;
    }

    static String extension(String value, Validation v) {
        if (isMissing(value)) {
            v.reject(Fields.EXTENSION, "an extension is required");
        } else if (!EXTENSION.matcher(value).matches()) {
            v.reject(Fields.EXTENSION, "must be 1 to 64 letters, digits, '.', '_', '+' or '-'" + got(value));
        }
        return value;
    }

    /** A free-text value shown to people or sent in SIP headers: printable, bounded. */
    static String text(String value, String field, int maxLength, boolean spacesAllowed, Validation v) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > maxLength) {
            v.reject(field, "must be 1 to " + maxLength + " characters" + got(value));
        } else if (value.chars()
                .anyMatch(c -> Character.isISOControl(c) || (!spacesAllowed && Character.isWhitespace(c)))) {
            v.reject(
                    field,
                    spacesAllowed
                            ? "must not contain control characters"
                            : "must not contain spaces or control characters");
        }
        return value;
    }

    /** Checks a password without ever echoing it in the message. */
    static void password(char[] value, String field, Validation v) {
        if (value == null || value.length == 0) {
            v.reject(field, "a password is required");
            return;
        }
        if (value.length > MAX_PASSWORD_LENGTH) {
            v.reject(field, "must be at most " + MAX_PASSWORD_LENGTH + " characters");
        }
        for (char c : value) {
            if (Character.isISOControl(c)) {
                v.reject(field, "must not contain control characters (such as a line break)");
                return;
            }
        }
    }

    static boolean isMissing(String value) {
        return value == null || value.isBlank();
    }

    private static boolean validHostPort(Matcher matcher) {
        if (!matcher.matches()) {
            return false;
        }
        String port = matcher.group(2);
        return port == null || (Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65_535);
    }

    private static int within(Integer value, int fallback, int min, int max, String field, String unit, Validation v) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            v.reject(field, "must be between " + min + " and " + max + " " + unit + " (got " + value + ")");
        }
        return value;
    }

    private static String got(String value) {
        return " (got '" + value + "')";
    }
}
