package dev.deskphone.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A SIP message as the text of one WebSocket frame (RFC 3261 §7, RFC 7118 §5: one message per
 * frame): its start line, its header fields in order and its body. Only as much parsing as leaving
 * the PBX needs (the page's SIP.js does the real SIP); names compare case-insensitively, compact
 * forms (§7.3.3) included, and folded lines are joined.
 */
record SipMessage(String startLine, List<Header> headers, String body) {
    private static final Map<String, String> COMPACT = Map.of(
            "i",
            "call-id",
            "m",
            "contact",
            "f",
            "from",
            "t",
            "to",
            "v",
            "via",
            "l",
            "content-length",
            "c",
            "content-type",
            "k",
            "supported",
            "e",
            "content-encoding",
            "s",
            "subject");

    record Header(String name, String value) {}

    SipMessage {
        headers = List.copyOf(headers);
    }

    /** The message in {@code text}, or empty when it is not one (no start line or no header end). */
    static Optional<SipMessage> parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return Optional.empty();
        }
        String[] lines = text.substring(0, end).split("\r\n", -1);
        if (lines[0].isBlank()) {
            return Optional.empty();
        }
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), last.value() + " " + line.strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            headers.add(new Header(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return Optional.of(new SipMessage(lines[0], headers, text.substring(end + 4)));
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    /** A request's method, a response's CSeq method. */
    String method() {
        return isResponse() ? cseqMethod() : startLine.substring(0, Math.max(0, startLine.indexOf(' ')));
    }

    /** A request's Request-URI. */
    String requestUri() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    /** A response's status code; 0 for a request or a malformed status line. */
    int status() {
        if (!isResponse() || startLine.length() < 11) {
            return 0;
        }
        try {
            return Integer.parseInt(startLine.substring(8, 11));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> same(h.name(), name))
                .map(Header::value)
                .findFirst();
    }

    /** Every value of a header, comma-separated values split (§7.3.1) outside quotes and angle brackets. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        headers.stream().filter(h -> same(h.name(), name)).forEach(h -> values.addAll(splitList(h.value())));
        return values;
    }

    /** Every value of a header, each whole (challenges carry commas inside: RFC 3261 §20.44). */
    List<String> each(String name) {
        return headers.stream()
                .filter(h -> same(h.name(), name))
                .map(Header::value)
                .toList();
    }

    String callId() {
        return header("call-id").orElse("");
    }

    /** CSeq's number, -1 when missing or malformed. */
    long cseq() {
        String[] parts = header("cseq").orElse("").split("\\s+");
        try {
            return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String cseqMethod() {
        String[] parts = header("cseq").orElse("").split("\\s+");
        return parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
    }

    /** This message with every {@code name} header replaced by one with {@code value}, where the first was (else last). */
    SipMessage with(String name, String value) {
        List<Header> changed = new ArrayList<>();
        boolean placed = false;
        for (Header h : headers) {
            if (same(h.name(), name)) {
                if (!placed) {
                    changed.add(new Header(h.name(), value));
                    placed = true;
                }
            } else {
                changed.add(h);
            }
        }
        if (!placed) {
            changed.add(new Header(name, value));
        }
        return new SipMessage(startLine, changed, body);
    }

    SipMessage without(String name) {
        return new SipMessage(
                startLine, headers.stream().filter(h -> !same(h.name(), name)).toList(), body);
    }

    /** The wire text, Content-Length last and set to the body's length in bytes (§20.14). */
    String text() {
        StringBuilder out = new StringBuilder(startLine).append("\r\n");
        int length = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (Header h : without("Content-Length").with("Content-Length", Integer.toString(length)).headers) {
            out.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        return out.append("\r\n").append(body).toString();
    }

    /** A header field parameter (after the URI: {@code tag} of From/To, {@code expires} of Contact), if present. */
    static Optional<String> param(String value, String name) {
        for (String p : params(value)) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            if (key.strip().equalsIgnoreCase(name)) {
                return Optional.of(eq < 0 ? "" : unquote(p.substring(eq + 1).strip()));
            }
        }
        return Optional.empty();
    }

    /** {@code value} with parameter {@code name} removed and, when {@code newValue} is given, set to it at the end. */
    static String withParam(String value, String name, String newValue) {
        int start = paramsStart(value);
        StringBuilder out = new StringBuilder(value.substring(0, start));
        for (String p : params(value)) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            if (!key.strip().equalsIgnoreCase(name)) {
                out.append(';').append(p);
            }
        }
        if (newValue != null) {
            out.append(';').append(name).append('=').append(newValue);
        }
        return out.toString();
    }

    /** The URI of a name-addr or addr-spec value ({@code "Bob" <sip:bob@x>;tag=1} gives {@code sip:bob@x}). */
    static String uri(String value) {
        int open = value.indexOf('<');
        if (open >= 0) {
            int close = value.indexOf('>', open);
            return value.substring(open + 1, close < 0 ? value.length() : close);
        }
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).strip();
    }

    /** Where a value's header parameters start: the first ';' after the URI, outside quotes (§20.10). */
    private static int paramsStart(String value) {
        boolean quoted = false;
        boolean inUri = false;
        boolean bracketed = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (inUri) {
                inUri = c != '>';
            } else if (c == '"') {
                quoted = !quoted;
            } else if (quoted && c == '\\') {
                i++;
            } else if (!quoted && c == '<' && !bracketed) {
                inUri = true;
                bracketed = true;
            } else if (!quoted && c == ';') {
                return i;
            }
        }
        return value.length();
    }

    private static List<String> params(String value) {
        int start = paramsStart(value);
        List<String> out = new ArrayList<>();
        if (start >= value.length()) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = start + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>') {
                angle = Math.max(0, angle - 1);
            }
            if (c == ',' && !quoted && angle == 0) {
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return value;
    }

    private static boolean same(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return COMPACT.getOrDefault(x, x).equals(COMPACT.getOrDefault(y, y));
    }
}
