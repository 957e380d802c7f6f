package dev.deskphone.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.profile.Profile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's SIP WebSockets, run in Java (ADR 0005's way off the WebView's WebSocket): JavaFX
 * 21's WebView hands each socket read to WebKit asynchronously from one reused 8 KiB buffer
 * ({@code SocketStreamHandle}), so a SIP message that arrives in more than one read (an INVITE with
 * its SDP, over any real network) can be overwritten before WebKit parses it, and the socket fails
 * (1006). Here the JDK's WebSocket client carries the frames; the page's transport sees a
 * browser-like WebSocket (web/src/bridge-websocket.js).
 *
 * <p>Each socket is watched by a {@link KeepAlive} (WebSocket ping and pong deadline every
 * {@code keepAliveSeconds}, 0: only when {@link #probeAll()} asks): a missed pong aborts the socket
 * and the page sees it close (1006), so its registration supervisor reconnects.
 *
 * <p>Page → Java: {@code ws-open {socket, url, protocol, keepAliveSeconds?}}, {@code ws-send {socket, data}},
 * {@code ws-close {socket, code?, reason?}}. Java → page: {@code ws-event {socket, event: open |
 * message | close | error, data?, code?, reason?}}, in order per socket.
 *
 * <p>Each socket also keeps a {@link SipTrail} of the SIP it carried, so that Java can leave the PBX
 * for the page when the page cannot run any more ({@link #leave}: the display went away).
 */
public final class SipSockets implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipSockets.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Function<URI, SSLContext> tls;
    private final Consumer<Map<String, Object>> page;
    private final KeepAliveTimer timer;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private volatile List<SipCredential> credentials = List.of();

    public SipSockets(Function<URI, SSLContext> tls, Consumer<Map<String, Object>> page, KeepAliveTimer timer) {
        this.tls = tls;
        this.page = page;
        this.timer = timer;
    }

    /** A page message of type ws-open, ws-send or ws-close (FX thread): nothing here blocks. */
    public void handle(String type, ObjectNode message) {
        String id = message.path("socket").asText("");
        if (id.isEmpty()) {
            throw new IllegalArgumentException(type + " needs a \"socket\" id");
        }
        switch (type) {
            case "ws-open" ->
                open(
                        id,
                        message.path("url").asText(""),
                        message.path("protocol").asText("sip"),
                        keepAliveSeconds(message));
            case "ws-send" -> {
                Socket socket = sockets.get(id);
                if (socket == null) {
                    throw new IllegalArgumentException("ws-send: socket " + id + " is not open");
                }
                socket.send(message.path("data").asText(""));
            }
            case "ws-close" -> {
                Socket socket = sockets.get(id);
                if (socket != null) {
                    socket.close(
                            message.path("code").asInt(1000),
                            message.path("reason").asText(""));
                }
            }
            default -> throw new IllegalArgumentException("unknown message type '" + type + "'");
        }
    }

    private static int keepAliveSeconds(ObjectNode message) {
        JsonNode value = message.path("keepAliveSeconds");
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        // The profile's range (FieldRules), checked again at this doorway.
        if (!value.canConvertToInt()
                || !value.isIntegralNumber()
                || value.asInt() < 0
                || value.asInt() > Profile.MAX_KEEPALIVE_SECONDS) {
            throw new IllegalArgumentException("ws-open: keepAliveSeconds must be a whole number from 0 to "
                    + Profile.MAX_KEEPALIVE_SECONDS + ", got " + value);
        }
        return value.asInt();
    }

    /** Pings every open socket now (resume from suspend, network change): dead ones close within the deadline. */
    public void probeAll() {
        sockets.values().forEach(Socket::probe);
    }

    private void open(String id, String url, String protocol, int keepAliveSeconds) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ws-open: url '" + url + "' is not a URI");
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("ws-open: url must be ws:// or wss://, got '" + url + "'");
        }
        Socket socket = new Socket(id, url, Duration.ofSeconds(keepAliveSeconds));
        if (sockets.putIfAbsent(id, socket) != null) {
            throw new IllegalArgumentException("ws-open: socket " + id + " already exists");
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if ("wss".equalsIgnoreCase(uri.getScheme())) {
            client.sslContext(tls.apply(uri));
        }
        client.build()
                .newWebSocketBuilder()
                .subprotocols(protocol)
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(uri, socket)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        log.info("SIP WebSocket {} to {} failed to open: {}", id, url, rootMessage(error));
                        socket.ended(1006, rootMessage(error));
                    }
                });
    }

    /** The accounts' credentials as last sent to the page: what {@link #leave} answers challenges with. */
    public void credentials(List<SipCredential> accounts) {
        credentials = List.copyOf(accounts);
    }

    /**
     * Leaves the PBX on the page's behalf, for when the page can no longer run: on every open socket,
     * a BYE for each confirmed call and, where the account is registered, a REGISTER that removes its
     * binding (RFC 3261 §10.2.2), answering the registrar's digest challenge. Waits for the
     * registrars' answers until {@code budget} has passed; returns one line per socket for the log.
     * Any thread; does not need the FX thread.
     */
    public List<String> leave(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<Socket> open = List.copyOf(sockets.values());
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        for (Socket socket : open) {
            try {
                outcomes.add(socket.leave());
            } catch (RuntimeException e) {
                outcomes.add(CompletableFuture.failedFuture(e));
            }
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            String who = open.get(i).who();
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                lines.add(who + ": " + outcomes.get(i).get(left, TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                lines.add(who + ": no answer from the registrar within " + budget.toMillis() + " ms");
            } catch (ExecutionException e) {
                lines.add(who + ": " + rootMessage(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lines.add(who + ": interrupted");
                break;
            }
        }
        return lines;
    }

    private Optional<String> passwordFor(String url, SipTrail trail) {
        List<SipCredential> known = credentials;
        Optional<String> username = trail.username();
        Optional<String> extension = trail.extension();
        List<SipCredential> matching = known.stream()
                .filter(c -> username.filter(c.authUsername()::equals).isPresent()
                        || extension.filter(c.extension()::equals).isPresent())
                .toList();
        return matching.stream()
                .filter(c -> sameServer(c.server(), url))
                .findFirst()
                .or(() -> matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty())
                .map(SipCredential::password);
    }

    private static boolean sameServer(String a, String b) {
        return stripSlash(a).equalsIgnoreCase(stripSlash(b));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Closes every socket (page reload, exit). */
    @Override
    public void close() {
        sockets.values().forEach(s -> s.close(1001, "going away"));
    }

    private void event(String id, String event, Map<String, Object> fields) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "ws-event");
        message.put("socket", id);
        message.put("event", event);
        message.putAll(fields);
        page.accept(message);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** One socket; listener callbacks come one at a time, sends are chained one after another. */
    private final class Socket implements WebSocket.Listener, KeepAlive.Connection {
        private final String id;
        private final String url;
        private final KeepAlive keepAlive;
        private final SipTrail trail = new SipTrail();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket webSocket;
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        private boolean ended;

        Socket(String id, String url, Duration keepAliveInterval) {
            this.id = id;
            this.url = url;
            this.keepAlive = new KeepAlive(this, keepAliveInterval, timer);
        }

        @Override
        public void onOpen(WebSocket ws) {
            webSocket = ws;
            event(id, "open", Map.of());
            keepAlive.start();
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            keepAlive.alive();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            keepAlive.alive();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                trail.received(text);
                if (log.isDebugEnabled()) {
                    // When each message arrived and left: where a call's set-up time goes (benchmarks.md).
                    log.debug("SIP WebSocket {}: received {}", id, SipSummary.of(text));
                }
                event(id, "message", Map.of("data", text));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            // SIP over WebSocket may use binary frames for UTF-8 text (RFC 7118 §5.1).
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return onText(ws, new String(bytes, java.nio.charset.StandardCharsets.UTF_8), last);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ended(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            log.info("SIP WebSocket {} failed: {}", id, rootMessage(error));
            ended(1006, rootMessage(error));
        }

        void probe() {
            if (webSocket != null) {
                keepAlive.probe();
            }
        }

        @Override
        public void ping() {
            WebSocket ws = webSocket;
            if (ws != null) {
                // Empty payload: 6 bytes on the wire from us (masked), 2 back (RFC 6455 §5.2).
                ws.sendPing(ByteBuffer.allocate(0)).whenComplete((v, error) -> {
                    if (error != null) {
                        // A ping still queued behind a full send buffer: the pong deadline decides.
                        log.debug("SIP WebSocket {}: ping not sent: {}", id, rootMessage(error));
                    }
                });
            }
        }

        @Override
        public void lost(String reason) {
            log.warn("SIP WebSocket {}: {}: closing it so the account reconnects", id, reason);
            WebSocket ws = webSocket;
            if (ws != null) {
                // No close handshake: nothing gets through a dead path, and the page must know now.
                ws.abort();
            }
            ended(1006, "keep-alive: " + reason);
        }

        synchronized void send(String text) {
            trail.sent(text);
            sendOwn(text);
        }

        /** Sends a frame of Java's own (not the page's), after those already queued. */
        synchronized void sendOwn(String text) {
            WebSocket ws = webSocket;
            if (ws == null || ended) {
                throw new IllegalArgumentException("ws-send: socket " + id + " is not open");
            }
            if (log.isDebugEnabled()) {
                log.debug("SIP WebSocket {}: sending {}", id, SipSummary.of(text));
            }
            sending = sending.exceptionally(e -> null)
                    .thenCompose(v -> ws.sendText(text, true))
                    .whenComplete((v, error) -> {
                        if (error != null) {
                            log.warn("SIP WebSocket {}: sending failed: {}", id, error.toString());
                            ws.abort();
                            ended(1006, rootMessage(error));
                        }
                    });
        }

        String who() {
            return trail.extension().orElse("?") + " at " + url;
        }

        /** This socket's part of {@link SipSockets#leave}: the outcome, once the registrar answered. */
        CompletableFuture<String> leave() {
            int byes = 0;
            for (SipMessage bye : trail.byes()) {
                sendOwn(bye.text());
                byes++;
            }
            String calls = byes == 0 ? "" : ", BYE sent for " + byes + (byes == 1 ? " call" : " calls");
            if (!trail.registered()) {
                return CompletableFuture.completedFuture("not registered" + calls);
            }
            Optional<String> password = passwordFor(url, trail);
            SipMessage first = trail.unregister(password, Optional.empty()).orElseThrow();
            return sendAwaiting(first)
                    .thenCompose(answer -> (answer.status() == 401 || answer.status() == 407) && password.isPresent()
                            ? sendAwaiting(trail.unregister(password, Optional.of(answer))
                                    .orElseThrow())
                            : CompletableFuture.completedFuture(answer))
                    .thenApply(answer -> (answer.status() >= 200 && answer.status() < 300
                                    ? "binding removed ("
                                    : "registrar refused the removal (")
                            + answer.startLine().substring(8)
                            + ")"
                            + (password.isEmpty() ? ", no password known" : "")
                            + calls);
        }

        private CompletableFuture<SipMessage> sendAwaiting(SipMessage request) {
            CompletableFuture<SipMessage> answer = trail.awaitFinal(request);
            sendOwn(request.text());
            return answer;
        }

        synchronized void close(int code, String reason) {
            WebSocket ws = webSocket;
            if (ws == null || ended) {
                ended(code, reason);
                return;
            }
            sending.exceptionally(e -> null)
                    .thenCompose(v -> ws.sendClose(code, reason))
                    .orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                    .whenComplete((v, error) -> {
                        ws.abort();
                        ended(code, reason);
                    });
        }

        /** Reports the end once, whoever ended it. */
        void ended(int code, String reason) {
            log.info("SIP WebSocket {} ended: {} {}", id, code, reason);
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            keepAlive.stop();
            sockets.remove(id, this);
            event(id, "close", Map.of("code", code, "reason", reason == null ? "" : reason));
        }
    }
}
