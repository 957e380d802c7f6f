package dev.deskphone.desktop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays Java and the PBX for the page in a test window, with the page's own bridge messages
 * (bridge-protocol.md): its SIP WebSockets ({@code ws-*}) reach a tiny SIP registrar and caller
 * instead of a network, and its {@code media-request}s get canned SDP and stats instead of WebRTC.
 * Enough SIP (RFC 3261) for SIP.js to register, take a call, hold it and be hung up on; nothing
 * more.
 */
final class FakePbxBridge {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\na=%s\r\n";
    private static final Pattern CONTACT = Pattern.compile("<sip:([^@>]+)@([^;>]+)");

    private final Consumer<Map<String, Object>> toPage;
    private final Set<String> refusedExtensions;
    /** extension -> {socket, contact user, contact host}, once it sent a REGISTER. */
    private final Map<String, String[]> registered = new ConcurrentHashMap<>();

    private final List<String> sipLog = new ArrayList<>();
    private String inviteFrom;
    private String inviteTo;
    private String calleeContact;
    private String callSocket;
    private int cseq = 1;
    private int branch;

    FakePbxBridge(Consumer<Map<String, Object>> toPage, Set<String> refusedExtensions) {
        this.toPage = toPage;
        this.refusedExtensions = refusedExtensions;
    }

    /** One message from the page (FX thread). */
    void onPageMessage(String type, ObjectNode message) {
        switch (type) {
            case "ws-open" -> event(message.path("socket").asText(), "open", null);
            case "ws-send" ->
                onSip(message.path("socket").asText(), message.path("data").asText());
            case "media-request" -> onMedia(message);
            default -> {}
        }
    }

    boolean isRegistered(String extension) {
        return registered.containsKey(extension);
    }

    /** An INVITE from {@code caller} to the extension, as the PBX would send it. */
    synchronized void ring(String extension, String displayName, String callerUser) {
        String[] account = registered.get(extension);
        callSocket = account[0];
        inviteFrom = "\"" + displayName + "\" <sip:" + callerUser + "@pbx.test>;tag=caller-1";
        inviteTo = "<sip:" + extension + "@pbx.test>";
        String body = SDP.formatted("sendrecv");
        send(
                callSocket,
                "INVITE sip:" + account[1] + "@" + account[2] + ";transport=ws SIP/2.0\r\n"
                        + via()
                        + "Max-Forwards: 70\r\n"
                        + "From: " + inviteFrom + "\r\n"
                        + "To: " + inviteTo + "\r\n"
                        + "Call-ID: snapshot-call-1\r\n"
                        + "CSeq: 1 INVITE\r\n"
                        + "Contact: <sip:" + callerUser + "@pbx.test;transport=ws>\r\n"
                        + "Content-Type: application/sdp\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
                        + body);
    }

    /** The caller hangs up (BYE). */
    synchronized void hangUp() {
        send(
                callSocket,
                "BYE " + calleeContact + " SIP/2.0\r\n"
                        + via()
                        + "Max-Forwards: 70\r\n"
                        + "From: " + inviteFrom + "\r\n"
                        + "To: " + inviteTo + "\r\n"
                        + "Call-ID: snapshot-call-1\r\n"
                        + "CSeq: " + (++cseq) + " BYE\r\n"
                        + "Content-Length: 0\r\n\r\n");
    }

    private synchronized void onSip(String socket, String text) {
        sipLog.add(text);
        String firstLine = text.substring(0, text.indexOf("\r\n"));
        Map<String, List<String>> headers = headers(text);
        if (firstLine.startsWith("SIP/2.0 ")) {
            // The page's answer to our INVITE: acknowledge a 2xx (RFC 3261 §13.2.2.4).
            if (firstLine.startsWith("SIP/2.0 200") && first(headers, "cseq").endsWith("INVITE")) {
                inviteTo = first(headers, "to");
                Matcher contact = Pattern.compile("<([^>]+)>").matcher(first(headers, "contact"));
                calleeContact = contact.find() ? contact.group(1) : "sip:callee@pbx.test";
                send(
                        socket,
                        "ACK " + calleeContact + " SIP/2.0\r\n" + via() + "Max-Forwards: 70\r\n"
                                + "From: " + inviteFrom + "\r\n" + "To: " + inviteTo + "\r\n"
                                + "Call-ID: snapshot-call-1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
            }
            return;
        }
        String method = firstLine.substring(0, firstLine.indexOf(' '));
        if (method.equals("ACK")) {
            return;
        }
        if (method.equals("REGISTER")) {
            Matcher user = Pattern.compile("sip:([^@]+)@").matcher(first(headers, "to"));
            String extension = user.find() ? user.group(1) : "";
            if (refusedExtensions.contains(extension)) {
                send(socket, response(headers, "403 Forbidden", "", ""));
                return;
            }
            Matcher contact = CONTACT.matcher(first(headers, "contact"));
            if (contact.find()) {
                registered.put(extension, new String[] {socket, contact.group(1), contact.group(2)});
            }
            send(socket, response(headers, "200 OK", "Contact: " + first(headers, "contact") + ";expires=300\r\n", ""));
            return;
        }
        if (method.equals("INVITE")) {
            // A re-INVITE (hold): the far end agrees and only receives from now on (RFC 3264 §8.4).
            String body = SDP.formatted(text.contains("a=sendonly") ? "recvonly" : "sendrecv");
            send(
                    socket,
                    response(
                            headers,
                            "200 OK",
                            "Contact: <sip:2001@pbx.test;transport=ws>\r\nContent-Type: application/sdp\r\n",
                            body));
            return;
        }
        send(socket, response(headers, "200 OK", "", ""));
    }

    private static String response(Map<String, List<String>> request, String status, String extra, String body) {
        StringBuilder out = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String via : request.getOrDefault("via", List.of())) {
            out.append("Via: ").append(via).append("\r\n");
        }
        String to = first(request, "to");
        out.append("From: ").append(first(request, "from")).append("\r\n");
        out.append("To: ").append(to.contains(";tag=") ? to : to + ";tag=pbx-1").append("\r\n");
        out.append("Call-ID: ").append(first(request, "call-id")).append("\r\n");
        out.append("CSeq: ").append(first(request, "cseq")).append("\r\n");
        out.append(extra);
        out.append("Content-Length: ")
                .append(body.getBytes(StandardCharsets.UTF_8).length)
                .append("\r\n\r\n")
                .append(body);
        return out.toString();
    }

    private void onMedia(ObjectNode request) {
        JsonParams params = new JsonParams(request.path("params"));
        Map<String, Object> result = switch (request.path("op").asText()) {
            case "offer", "answer" -> Map.of("sdp", SDP.formatted(params.hold() ? "sendonly" : "sendrecv"));
            case "stats" ->
                Map.of("jitterMs", 2.1, "packetLossPct", 0.0, "rttMs", 38.0, "codec", "opus/48000", "mos", 4.4);
            default -> Map.of();
        };
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("type", "media-response");
        response.put(
                "id",
                request.path("id").isNumber()
                        ? request.path("id").asLong()
                        : request.path("id").asText());
        response.put("ok", true);
        response.put("result", result);
        toPage.accept(response);
    }

    private record JsonParams(com.fasterxml.jackson.databind.JsonNode node) {
        boolean hold() {
            return node.path("hold").asBoolean(false);
        }
    }

    private String via() {
        return "Via: SIP/2.0/WSS pbx.test;branch=z9hG4bK-snapshot-" + (++branch) + "\r\n";
    }

    private void send(String socket, String sip) {
        event(socket, "message", sip);
    }

    private void event(String socket, String event, String data) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "ws-event");
        message.put("socket", socket);
        message.put("event", event);
        if (data != null) {
            message.put("data", data);
        }
        toPage.accept(message);
    }

    private static Map<String, List<String>> headers(String text) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String head = text.contains("\r\n\r\n") ? text.substring(0, text.indexOf("\r\n\r\n")) : text;
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = compact(lines[i].substring(0, colon).trim().toLowerCase());
                headers.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** RFC 3261 §7.3.3 compact header names, as SIP.js may send them. */
    private static String compact(String name) {
        return switch (name) {
            case "v" -> "via";
            case "f" -> "from";
            case "t" -> "to";
            case "i" -> "call-id";
            case "m" -> "contact";
            case "l" -> "content-length";
            case "c" -> "content-type";
            default -> name;
        };
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
