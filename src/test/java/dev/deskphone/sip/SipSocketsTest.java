package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opening sockets: one HTTP client per trust, and wss:// sockets that wait for the trust without blocking. */
class SipSocketsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Map<String, Object>> page = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final CompletableFuture<Function<URI, SSLContext>> trust = new CompletableFuture<>();
    private final SipSockets sockets = new SipSockets(trust, page::add, KeepAliveTimer.on(timers), Runnable::run);

    @AfterEach
    void stop() {
        sockets.close();
        timers.shutdownNow();
    }

    @Test
    void plainSocketsShareOneHttpClientAndSoOneSelectorThread() throws Exception {
        Set<String> before = selectorThreads();
        try (RawWebSocketServer first = new RawWebSocketServer(true);
                RawWebSocketServer second = new RawWebSocketServer(true);
                RawWebSocketServer third = new RawWebSocketServer(true)) {
            open("a", "ws", first);
            open("b", "ws", second);
            open("c", "ws", third);
            for (int i = 0; i < 3; i++) {
                assertThat(next().get("event")).isEqualTo("open");
            }

            Set<String> added = selectorThreads();
            added.removeAll(before);
            assertThat(added).as("selector threads the three sockets started").hasSize(1);
        }
    }

    @Test
    void theHttpClientIsBuiltOffTheCallersThreadOnceAndOutlivesThePagesSockets() throws Exception {
        // The page's ws-open runs on the FX thread: building the client there (JSSE's start) held the page.
        BlockingQueue<Runnable> builds = new LinkedBlockingQueue<>();
        SipSockets held = new SipSockets(trust, page::add, KeepAliveTimer.on(timers), builds::add);
        try (RawWebSocketServer pbx = new RawWebSocketServer(true);
                RawWebSocketServer afterReload = new RawWebSocketServer(true)) {
            held.prepareClientsFor(List.of(URI.create("wss://pbx.test")));
            assertThat(builds).as("a wss:// client waits for the trust").isEmpty();
            held.prepareClientsFor(List.of(URI.create("wss://pbx.test"), URI.create("ws://127.0.0.1:" + pbx.port())));
            assertThat(builds)
                    .as("the plain client, prepared before any socket")
                    .hasSize(1);
            held.handle("ws-open", openMessage("a", "ws", pbx.port()));
            assertThat(builds).as("the same client, still being built").hasSize(1);
            assertThat(page.poll(300, TimeUnit.MILLISECONDS))
                    .as("no connection before the client is built")
                    .isNull();

            builds.take().run();
            assertThat(next()).containsEntry("socket", "a").containsEntry("event", "open");

            // A reloaded page: its sockets close, the next page's use the client built already.
            held.closeSockets();
            assertThat(next()).containsEntry("socket", "a").containsEntry("event", "close");
            held.handle("ws-open", openMessage("b", "ws", afterReload.port()));
            assertThat(next()).containsEntry("socket", "b").containsEntry("event", "open");
            assertThat(builds).as("no second client").isEmpty();
        } finally {
            held.close();
        }
    }

    @Test
    void aSocketClosedWhileItsClientIsBeingBuiltIsNeverConnected() throws Exception {
        BlockingQueue<Runnable> builds = new LinkedBlockingQueue<>();
        SipSockets held = new SipSockets(trust, page::add, KeepAliveTimer.on(timers), builds::add);
        try (RawWebSocketServer pbx = new RawWebSocketServer(true)) {
            held.handle("ws-open", openMessage("a", "ws", pbx.port()));
            held.handle("ws-close", (ObjectNode) json.readTree("{\"socket\": \"a\", \"code\": 1000}"));
            Map<String, Object> closed = next();
            assertThat(closed).containsEntry("socket", "a").containsEntry("event", "close");

            builds.take().run();
            assertThat(page.poll(500, TimeUnit.MILLISECONDS))
                    .as("nothing more for a closed socket")
                    .isNull();
            assertThat(pbx.upgrades()).as("never connected").isZero();
        } finally {
            held.close();
        }
    }

    @Test
    void aSecureSocketOpenedBeforeTheTrustIsReadConnectsOnceItIs() throws Exception {
        int port = closedPort();
        open("s", "wss", port);
        assertThat(page.poll(300, TimeUnit.MILLISECONDS))
                .as("nothing happens before the trust is read")
                .isNull();

        Set<URI> asked = new HashSet<>();
        trust.complete(server -> {
            asked.add(server);
            return defaultContext();
        });

        // Nothing listens there: the connection refused shows that it was tried, with the server's trust.
        assertThat(next()).containsEntry("event", "close").containsEntry("code", 1006);
        assertThat(asked).containsExactly(URI.create("wss://127.0.0.1:" + port + "/"));
    }

    @Test
    void aSecureSocketClosedBeforeTheTrustIsReadIsNeverConnected() throws Exception {
        open("s", "wss", closedPort());
        sockets.handle("ws-close", (ObjectNode) json.readTree("{\"socket\": \"s\", \"code\": 1000}"));
        assertThat(next()).containsEntry("event", "close");

        Set<URI> asked = new HashSet<>();
        trust.complete(server -> {
            asked.add(server);
            return defaultContext();
        });

        assertThat(page.poll(500, TimeUnit.MILLISECONDS)).as("no second close").isNull();
        assertThat(asked)
                .as("the trust was not asked for a socket that is gone")
                .isEmpty();
    }

    @Test
    void aTrustThatCouldNotBeReadEndsTheSecureSocketSayingWhy() throws Exception {
        trust.completeExceptionally(new IOException("/etc/deskphone/pbx-ca.pem holds no certificate"));

        open("s", "wss", closedPort());

        assertThat(next())
                .containsEntry("event", "close")
                .containsEntry("code", 1006)
                .containsEntry(
                        "reason", "the TLS trust could not be read: /etc/deskphone/pbx-ca.pem holds no certificate");
    }

    /** A port on the loopback address that nothing listens on. */
    private static int closedPort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("HttpClient-") && name.endsWith("-SelectorManager"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private void open(String id, String scheme, RawWebSocketServer pbx) throws IOException {
        open(id, scheme, pbx.port());
    }

    private void open(String id, String scheme, int port) throws IOException {
        sockets.handle("ws-open", openMessage(id, scheme, port));
    }

    private ObjectNode openMessage(String id, String scheme, int port) throws IOException {
        return (ObjectNode) json.readTree("{\"socket\": \"" + id + "\", \"url\": \"" + scheme + "://127.0.0.1:" + port
                + "/\", \"protocol\": \"sip\", \"keepAliveSeconds\": 0}");
    }

    private Map<String, Object> next() throws InterruptedException {
        Map<String, Object> event = page.poll(15, TimeUnit.SECONDS);
        assertThat(event).as("a ws-event within 15 s").isNotNull();
        return event;
    }
}
