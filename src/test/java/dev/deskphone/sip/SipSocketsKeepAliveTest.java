package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keep-alive on real sockets: a PBX that answers pings stays connected, a silent one is closed. */
class SipSocketsKeepAliveTest {
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Map<String, Object>> page = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SipSockets sockets = new SipSockets(uri -> null, page::add, KeepAliveTimer.on(timers));

    @AfterEach
    void stop() {
        sockets.close();
        timers.shutdownNow();
    }

    @Test
    void aPbxThatAnswersPingsKeepsTheSocketOpen() throws Exception {
        try (RawWebSocketServer pbx = new RawWebSocketServer(true)) {
            open("s1", pbx, 1);
            assertThat(next().get("event")).isEqualTo("open");

            Thread.sleep(3_500);

            assertThat(pbx.pings.get()).isGreaterThanOrEqualTo(2);
            assertThat(page).isEmpty();
        }
    }

    @Test
    void aSilentPbxIsDeclaredLostWithinIntervalPlusDeadline() throws Exception {
        try (RawWebSocketServer pbx = new RawWebSocketServer(false)) {
            open("s2", pbx, 1);
            assertThat(next().get("event")).isEqualTo("open");
            long opened = System.nanoTime();

            Map<String, Object> closed = next();

            assertThat(closed)
                    .containsEntry("event", "close")
                    .containsEntry("code", 1006)
                    .containsEntry("reason", "keep-alive: no pong within 1 s");
            assertThat((System.nanoTime() - opened) / 1_000_000).isBetween(1_900L, 3_000L);
            assertThat(pbx.pings.get()).isEqualTo(1);
        }
    }

    @Test
    void aProbePingsEverySocketAtOnceEvenWithPeriodicPingsOff() throws Exception {
        try (RawWebSocketServer pbx = new RawWebSocketServer(true)) {
            open("s3", pbx, 0);
            assertThat(next().get("event")).isEqualTo("open");
            Thread.sleep(500);
            assertThat(pbx.pings.get()).isZero();

            sockets.probeAll();

            Thread.sleep(500);
            assertThat(pbx.pings.get()).isEqualTo(1);
            assertThat(page).as("answered: still open").isEmpty();
        }
    }

    @Test
    void aKeepAliveOutOfRangeIsRefusedNamingTheField() {
        for (String bad : new String[] {"-1", "3601", "2.5", "\"30\""}) {
            assertThatThrownBy(() -> sockets.handle(
                            "ws-open",
                            message("{\"socket\": \"x\", \"url\": \"ws://127.0.0.1:9\"," + " \"keepAliveSeconds\": "
                                    + bad + "}")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keepAliveSeconds");
        }
    }

    private void open(String id, RawWebSocketServer pbx, int keepAliveSeconds) throws Exception {
        sockets.handle(
                "ws-open",
                message("{\"socket\": \"" + id + "\", \"url\": \"ws://127.0.0.1:" + pbx.port()
                        + "/\", \"protocol\": \"sip\", \"keepAliveSeconds\": " + keepAliveSeconds + "}"));
    }

    private ObjectNode message(String text) throws IOException {
        return (ObjectNode) json.readTree(text);
    }

    private Map<String, Object> next() throws InterruptedException {
        Map<String, Object> event = page.poll(15, TimeUnit.SECONDS);
        assertThat(event).as("a ws-event within 15 s").isNotNull();
        return event;
    }

    /** One WebSocket client at a time (RFC 6455 handshake), answering pings with pongs or ignoring them. */
    private static final class RawWebSocketServer implements AutoCloseable {
        final AtomicInteger pings = new AtomicInteger();
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
}
