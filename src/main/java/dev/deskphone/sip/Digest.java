package dev.deskphone.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP Digest as SIP uses it (RFC 3261 §22.4, RFC 2617 §3.2.2): a challenge's parameters, and the
 * Authorization value that answers one. Algorithms MD5, SHA-256 and SHA-512-256 (RFC 8760, which
 * takes them from RFC 7616), each with or without "-sess"; qop "auth" (chosen when offered),
 * "auth-int" (the body is empty in what Java sends) or none (RFC 2069's response).
 */
final class Digest {
    private Digest() {}

    /** A WWW-Authenticate or Proxy-Authenticate value's Digest parameters, names lower-cased. */
    record Challenge(Map<String, String> params) {
        static Optional<Challenge> parse(String value) {
            String v = value.strip();
            if (!v.regionMatches(true, 0, "Digest", 0, 6)) {
                return Optional.empty();
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (String part : SipMessage.splitList(v.substring(6))) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    params.put(
                            part.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                            SipMessage.unquote(part.substring(eq + 1).strip()));
                }
            }
            return params.containsKey("nonce") && params.containsKey("realm")
                    ? Optional.of(new Challenge(Map.copyOf(params)))
                    : Optional.empty();
        }

        String realm() {
            return params.get("realm");
        }

        String nonce() {
            return params.get("nonce");
        }

        String algorithm() {
            return params.getOrDefault("algorithm", "MD5");
        }

        /** "auth" when offered, else "auth-int" when offered, else none (RFC 2069 style). */
        Optional<String> qop() {
            String offered = params.get("qop");
            if (offered == null) {
                return Optional.empty();
            }
            var options = Arrays.stream(offered.split(","))
                    .map(s -> s.strip().toLowerCase(Locale.ROOT))
                    .toList();
            if (options.contains("auth")) {
                return Optional.of("auth");
            }
            return options.contains("auth-int") ? Optional.of("auth-int") : Optional.empty();
        }
    }

    /** Whether this is an algorithm {@link #authorization} can answer. */
    static boolean supported(Challenge challenge) {
        try {
            hash(challenge.algorithm(), "");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The Authorization (or Proxy-Authorization) value answering {@code challenge} for a request
     * {@code method} to {@code uri} with an empty body; {@code nc} counts this nonce's uses (§3.2.2).
     */
    static String authorization(
            Challenge challenge, String username, String password, String method, String uri, String cnonce, int nc) {
        String algorithm = challenge.algorithm();
        Optional<String> qop = challenge.qop();
        String ncValue = String.format(Locale.ROOT, "%08x", nc);
        String response = response(challenge, username, password, method, uri, cnonce, ncValue);
        StringBuilder out = new StringBuilder("Digest username=\"")
                .append(quote(username))
                .append("\", realm=\"")
                .append(quote(challenge.realm()))
                .append("\", nonce=\"")
                .append(quote(challenge.nonce()))
                .append("\", uri=\"")
                .append(quote(uri))
                .append("\", response=\"")
                .append(response)
                .append("\", algorithm=")
                .append(algorithm);
        if (challenge.params().containsKey("opaque")) {
            out.append(", opaque=\"")
                    .append(quote(challenge.params().get("opaque")))
                    .append('"');
        }
        qop.ifPresent(q -> out.append(", qop=")
                .append(q)
                .append(", nc=")
                .append(ncValue)
                .append(", cnonce=\"")
                .append(quote(cnonce))
                .append('"'));
        return out.toString();
    }

    /** The request-digest (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1), lower-case hex. */
    static String response(
            Challenge challenge,
            String username,
            String password,
            String method,
            String uri,
            String cnonce,
            String nc) {
        String algorithm = challenge.algorithm();
        String nonce = challenge.nonce();
        String ha1 = hash(algorithm, username + ":" + challenge.realm() + ":" + password);
        if (algorithm.toLowerCase(Locale.ROOT).endsWith("-sess")) {
            ha1 = hash(algorithm, ha1 + ":" + nonce + ":" + cnonce);
        }
        Optional<String> qop = challenge.qop();
        String a2 = method + ":" + uri;
        if (qop.filter("auth-int"::equals).isPresent()) {
            a2 += ":" + hash(algorithm, "");
        }
        String ha2 = hash(algorithm, a2);
        return qop.isPresent()
                ? hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop.get() + ":" + ha2)
                : hash(algorithm, ha1 + ":" + nonce + ":" + ha2);
    }

    private static String hash(String algorithm, String text) {
        String base = algorithm.toUpperCase(Locale.ROOT).replaceFirst("-SESS$", "");
        String jdkName = switch (base) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            case "SHA-512-256" -> "SHA-512/256";
            default -> throw new IllegalArgumentException("digest algorithm " + algorithm + " is not supported");
        };
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
