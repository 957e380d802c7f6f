package dev.deskphone.sip;

/**
 * One line saying which SIP message a WebSocket frame holds, for the debug log: its start line
 * (request line or status line, RFC 3261 §7.1, §7.2) and its CSeq (which request a response
 * answers). Nothing else of the message is shown: its other headers may carry credentials.
 */
final class SipSummary {
    private static final int MAX_LINE = 200;

    private SipSummary() {}

    static String of(String message) {
        if (message == null || message.isBlank()) {
            return "(keep-alive)"; // RFC 5626 §4.4.1: a CRLF ping
        }
        int end = message.indexOf('\r');
        String start = clip(end < 0 ? message.strip() : message.substring(0, end));
        String cseq = header(message, "CSeq");
        return cseq == null ? start : start + " (CSeq " + clip(cseq) + ")";
    }

    private static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                return null; // the body starts
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static String clip(String text) {
        return text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + "…" : text;
    }
}
