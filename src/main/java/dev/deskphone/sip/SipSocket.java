package dev.deskphone.sip;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the page's SIP WebSockets ({@link SipSockets}): listener callbacks come one at a time, sends
 * are chained one after another, and the page hears of its end once ({@code ws-event close}), whoever
 * ended it.
 */
final class SipSocket implements WebSocket.Listener, KeepAlive.Connection {
    // The sockets' one logger: its debug lines time a call's set-up (benchmarks.md).
    private static final Logger log = LoggerFactory.getLogger(SipSockets.class);

    private final String id;
    private final String url;
    private final Consumer<Map<String, Object>> page;
    private final Consumer<SipSocket> onEnd;
    private final KeepAlive keepAlive;
    private final SipTrail trail = new SipTrail();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket webSocket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private boolean ended;

    /**
     * @param page where this socket's {@code ws-event}s go
     * @param onEnd told once, when the socket ended
     */
    SipSocket(
            String id,
            String url,
            Duration keepAliveInterval,
            KeepAliveTimer timer,
            Consumer<Map<String, Object>> page,
            Consumer<SipSocket> onEnd) {
        this.id = id;
        this.url = url;
        this.page = page;
        this.onEnd = onEnd;
        this.keepAlive = new KeepAlive(this, keepAliveInterval, timer);
    }

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
        event("open", Map.of());
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
            event("message", Map.of("data", text));
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        // SIP over WebSocket may use binary frames for UTF-8 text (RFC 7118 §5.1).
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return onText(ws, new String(bytes, StandardCharsets.UTF_8), last);
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

    /** A frame from the page. */
    synchronized void send(String text) {
        trail.sent(text);
        sendOwn(text);
    }

    /** Sends a frame of Java's own (not the page's), after those already queued. */
    private synchronized void sendOwn(String text) {
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

    /** Whose socket this is, for the log: the extension it registered, and the server. */
    String who() {
        return trail.extension().orElse("?") + " at " + url;
    }

    /** This socket's part of {@link SipSockets#leave}: the outcome, once the registrar answered. */
    CompletableFuture<String> leave(SipPasswords passwords) {
        int byes = 0;
        for (SipMessage bye : trail.byes()) {
            sendOwn(bye.text());
            byes++;
        }
        String calls = byes == 0 ? "" : ", BYE sent for " + byes + (byes == 1 ? " call" : " calls");
        if (!trail.registered()) {
            return CompletableFuture.completedFuture("not registered" + calls);
        }
        Optional<String> password = passwords.passwordFor(url, trail);
        SipMessage first = trail.unregister(password, Optional.empty()).orElseThrow();
        return sendAwaiting(first)
                .thenCompose(answer -> (answer.status() == 401 || answer.status() == 407) && password.isPresent()
                        ? sendAwaiting(
                                trail.unregister(password, Optional.of(answer)).orElseThrow())
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
                .orTimeout(2, TimeUnit.SECONDS)
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
        onEnd.accept(this);
        event("close", Map.of("code", code, "reason", reason == null ? "" : reason));
    }

    private void event(String event, Map<String, Object> fields) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "ws-event");
        message.put("socket", id);
        message.put("event", event);
        message.putAll(fields);
        page.accept(message);
    }

    /** The innermost cause's message: what the log and the page's close reason show. */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
