package dev.deskphone.sip;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/** One WebSocket client at a time (RFC 6455 handshake), answering pings with pongs or ignoring them. */
final class RawWebSocketServer implements AutoCloseable {
    final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger upgrades = new AtomicInteger();
    private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final boolean answerPings;
    private final Thread thread;

    RawWebSocketServer(boolean answerPings) throws IOException {
        this.answerPings = answerPings;
        thread = new Thread(this::serve, "raw-ws");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Handshakes answered. */
    int upgrades() {
        return upgrades.get();
    }

    private void serve() {
        try (Socket client = server.accept()) {
            BufferedReader request =
                    new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.ISO_8859_1)));
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: sip\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            upgrades.incrementAndGet();
            // The handshake had no body, so the reader buffered nothing past it.
            DataInputStream frames = new DataInputStream(client.getInputStream());
            while (true) {
                int opcode = frames.readUnsignedByte() & 0x0f;
                int length = frames.readUnsignedByte() & 0x7f; // client frames are masked; pings are short
                byte[] mask = frames.readNBytes(4);
                byte[] payload = frames.readNBytes(length);
                if (opcode == 0x9) {
                    pings.incrementAndGet();
                    if (answerPings) {
                        out.write(new byte[] {(byte) 0x8a, (byte) payload.length});
                        for (int i = 0; i < payload.length; i++) {
                            out.write(payload[i] ^ mask[i % 4]);
                        }
                        out.flush();
                    }
                }
            }
        } catch (Exception ended) {
            // The client went away or the test closed the server.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
