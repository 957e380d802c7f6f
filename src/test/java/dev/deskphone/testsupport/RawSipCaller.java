package dev.deskphone.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caller Deskphone does not control: INVITEs written by hand and sent over UDP to the test PBX
 * (RFC 3261), so a test chooses every byte of the From header, display name included. Answers the
 * PBX's digest challenge (RFC 2617 / RFC 3261 §22) and ACKs final refusals (§17.1.1.3).
 */
public final class RawSipCaller implements AutoCloseable {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"?([^\",]*)\"?");

    private final DatagramSocket socket;
    private final InetSocketAddress pbx;
    private final String user;
    private final String password;
    private final String domain;
    private byte[] userAgent;

    public RawSipCaller(int pbxPort, String domain, String user, String password) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.pbx = new InetSocketAddress(InetAddress.getLoopbackAddress(), pbxPort);
        this.domain = domain;
        this.user = user;
        this.password = password;
    }

    /** From now on, INVITEs carry this User-Agent header (its bytes sent as they are). */
    public RawSipCaller userAgent(byte[] value) {
        this.userAgent = value.clone();
        return this;
    }

    /** One outgoing call, after its INVITE was sent with credentials. */
    public final class Call {
        private final String callId;
        private final byte[] from;
        private final String branch;
        private final String target;
        private final int cseq;

        private Call(String callId, byte[] from, String branch, String target, int cseq) {
            this.callId = callId;
            this.from = from;
            this.branch = branch;
            this.target = target;
            this.cseq = cseq;
        }

        /** Waits for the INVITE's final answer, ACKs it if it is a refusal, and returns its status code. */
        public int awaitFinal(Duration timeout) throws IOException {
            Response response = awaitResponse(callId, cseq, timeout);
            if (response.status() >= 300) {
                ack(this.target, branch, from, response.header("to"), callId, cseq);
            }
            return response.status();
        }

        /**
         * The caller gives up before the answer: a CANCEL of the INVITE (RFC 3261 §9.1: same
         * Call-ID, From, To, CSeq number and Via branch) with {@code reason} as its Reason header
         * (RFC 3326), its bytes sent as they are.
         */
        public void cancel(byte[] reason) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ascii(out, "CANCEL " + target + " SIP/2.0\r\n" + via(branch) + "Max-Forwards: 70\r\nFrom: ");
            out.write(from);
            ascii(out, "\r\nTo: <" + target + ">\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " CANCEL\r\nReason: ");
            out.write(reason);
            ascii(out, "\r\nContent-Length: 0\r\n\r\n");
            send(out.toByteArray());
        }
    }

    /**
     * Calls {@code target}@domain from this caller with {@code displayName} (the bytes between the
     * quotes of the From header's quoted-string, sent as they are) and {@code fromParams} after the URI.
     */
    public Call invite(String target, byte[] displayName, String fromParams) throws IOException {
        String callId = UUID.randomUUID() + "@raw-caller";
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream from = new ByteArrayOutputStream();
        from.write('"');
        from.write(displayName);
        from.writeBytes(
                ("\" <sip:" + user + "@" + domain + fromParams + ">;tag=" + tag).getBytes(StandardCharsets.US_ASCII));
        String requestUri = "sip:" + target + "@" + domain;
        String branch = branch();
        send(invite(requestUri, branch, from.toByteArray(), callId, 1, null));
        Response challenge = awaitResponse(callId, 1, Duration.ofSeconds(5));
        if (challenge.status() != 407) {
            throw new IOException("expected 407 from the PBX, got " + challenge.status() + ": " + challenge.text());
        }
        ack(requestUri, branch, from.toByteArray(), challenge.header("to"), callId, 1);
        String authorization = authorization(challenge.header("proxy-authenticate"), requestUri);
        String secondBranch = branch();
        send(invite(requestUri, secondBranch, from.toByteArray(), callId, 2, authorization));
        return new Call(callId, from.toByteArray(), secondBranch, requestUri, 2);
    }

    /** Escapes text as the inside of a SIP quoted-string: '"' and '\' and control characters as quoted-pairs (RFC 3261 §25.1). */
    public static byte[] quoted(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b == '"' || b == '\\' || (b >= 0 && b < 0x20 && b != '\t')) {
                out.write('\\');
            }
            out.write(b);
        }
        return out.toByteArray();
    }

    private byte[] invite(String requestUri, String branch, byte[] from, String callId, int cseq, String authorization)
            throws IOException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "INVITE " + requestUri + " SIP/2.0\r\n" + via(branch) + "Max-Forwards: 70\r\nFrom: ");
        out.write(from);
        ascii(
                out,
                "\r\nTo: <" + requestUri + ">\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " INVITE\r\n"
                        + "Contact: <sip:" + user + "@127.0.0.1:" + socket.getLocalPort() + ">\r\n"
                        + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n"));
        if (userAgent != null) {
            ascii(out, "User-Agent: ");
            out.write(userAgent);
            ascii(out, "\r\n");
        }
        ascii(out, "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp);
        return out.toByteArray();
    }

    private void ack(String requestUri, String branch, byte[] from, String to, String callId, int cseq)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "ACK " + requestUri + " SIP/2.0\r\n" + via(branch) + "Max-Forwards: 70\r\nFrom: ");
        out.write(from);
        out.write("\r\nTo: ".getBytes(StandardCharsets.ISO_8859_1));
        out.write(to.getBytes(StandardCharsets.ISO_8859_1));
        ascii(out, "\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " ACK\r\nContent-Length: 0\r\n\r\n");
        send(out.toByteArray());
    }

    private String via(String branch) {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=" + branch + ";rport\r\n";
    }

    private String authorization(String challenge, String requestUri) throws IOException {
        Map<String, String> params = new TreeMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        String nonce = params.get("nonce");
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5("INVITE:" + requestUri);
        String header = "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                + requestUri + "\", algorithm=MD5";
        if (params.containsKey("qop")) {
            String cnonce = UUID.randomUUID().toString().substring(0, 8);
            return header + ", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\", response=\""
                    + md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2) + "\"";
        }
        return header + ", response=\"" + md5(ha1 + ":" + nonce + ":" + ha2) + "\"";
    }

    private record Response(int status, String text) {
        String header(String name) {
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** The next final (or 407) response to this call's request {@code cseq}; provisional ones are skipped. */
    private Response awaitResponse(String callId, int cseq, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        byte[] buffer = new byte[65_535];
        while (Instant.now().isBefore(deadline)) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.setSoTimeout(200);
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
            if (!text.startsWith("SIP/2.0 ")) {
                continue; // a request (e.g. a retransmission): not ours to answer here
            }
            Response response = new Response(Integer.parseInt(text.substring(8, 11)), text);
            if (callId.equals(response.header("call-id"))
                    && (cseq + " INVITE").equals(response.header("cseq"))
                    && response.status() >= 200) {
                return response;
            }
        }
        throw new IOException("no final answer to INVITE " + cseq + " of " + callId + " within " + timeout);
    }

    private void send(byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length, pbx));
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String branch() {
        return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
