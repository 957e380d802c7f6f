package dev.deskphone.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.profile.Profile;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
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

    private final CompletableFuture<Function<URI, SSLContext>> tls;
    private final Consumer<Map<String, Object>> page;
    private final KeepAliveTimer timer;
    private final Map<String, SipSocket> sockets = new ConcurrentHashMap<>();
    private final SipPasswords passwords = new SipPasswords();
    /**
     * One HTTP client per trust (plain ws:// under {@link #PLAIN}): each JDK client has a selector
     * thread of its own, and all six accounts' sockets can share one. Built on {@link #clientBuilder}:
     * the first one starts JSSE (the JDK client takes the default TLS context even for ws://), ~0.2 s
     * cold, which would otherwise hold the FX thread, and the page with it, inside the first ws-open.
     */
    private final Map<Object, CompletableFuture<HttpClient>> clients = new ConcurrentHashMap<>();

    private final Executor clientBuilder;

    private static final Object PLAIN = new Object();

    /**
     * @param tls the trust for each wss:// server, once it is read: a wss:// socket opened before
     *     then connects when it is, without holding up the caller
     * @param clientBuilder where the HTTP clients are built (not the FX thread)
     */
    public SipSockets(
            CompletableFuture<Function<URI, SSLContext>> tls,
            Consumer<Map<String, Object>> page,
            KeepAliveTimer timer,
            Executor clientBuilder) {
        this.tls = tls;
        this.page = page;
        this.timer = timer;
        this.clientBuilder = clientBuilder;
    }

    /**
     * Starts building the client that the page's first sockets to {@code servers} will use, while the
     * page is still loading, so that they do not wait for it: the one for ws:// servers, if any is.
     * (A wss:// socket's client depends on the TLS trust, which is still being read.)
     */
    public void prepareClientsFor(Collection<URI> servers) {
        if (servers.stream().anyMatch(server -> "ws".equalsIgnoreCase(server.getScheme()))) {
            client(PLAIN);
        }
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
                SipSocket socket = sockets.get(id);
                if (socket == null) {
                    throw new IllegalArgumentException("ws-send: socket " + id + " is not open");
                }
                socket.send(message.path("data").asText(""));
            }
            case "ws-close" -> {
                SipSocket socket = sockets.get(id);
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
        sockets.values().forEach(SipSocket::probe);
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
        SipSocket socket = new SipSocket(
                id, url, Duration.ofSeconds(keepAliveSeconds), timer, page, ended -> sockets.remove(id, ended));
        if (sockets.putIfAbsent(id, socket) != null) {
            throw new IllegalArgumentException("ws-open: socket " + id + " already exists");
        }
        if ("wss".equalsIgnoreCase(uri.getScheme())) {
            tls.whenComplete((trust, error) -> {
                if (sockets.get(id) != socket) {
                    // The page closed it while the trust was being read: nothing to connect.
                    return;
                }
                if (error != null) {
                    untrusted(socket, url, error);
                    return;
                }
                SSLContext context;
                try {
                    context = trust.apply(uri);
                } catch (RuntimeException e) {
                    untrusted(socket, url, e);
                    return;
                }
                connectOnceBuilt(id, socket, uri, protocol, client(context));
            });
        } else {
            connectOnceBuilt(id, socket, uri, protocol, client(PLAIN));
        }
    }

    private CompletableFuture<HttpClient> client(Object trust) {
        CompletableFuture<HttpClient> client = clients.computeIfAbsent(
                trust, key -> CompletableFuture.supplyAsync(() -> clientWith(key), clientBuilder));
        // A client that could not be built is tried again by the next socket, not remembered.
        client.whenComplete((built, error) -> {
            if (error != null) {
                clients.remove(trust, client);
            }
        });
        return client;
    }

    private void connectOnceBuilt(
            String id, SipSocket socket, URI uri, String protocol, CompletableFuture<HttpClient> client) {
        client.whenComplete((built, error) -> {
            if (sockets.get(id) != socket) {
                // The page closed it while the client was being built: nothing to connect.
                return;
            }
            if (error != null) {
                failedToOpen(id, uri, socket, error);
                return;
            }
            connect(id, socket, uri, protocol, built);
        });
    }

    private static void untrusted(SipSocket socket, String url, Throwable error) {
        String reason = "the TLS trust could not be read: " + SipSocket.rootMessage(error);
        log.info("SIP WebSocket to {} not opened: {}", url, reason);
        socket.ended(1006, reason);
    }

    private HttpClient clientWith(Object trust) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (trust instanceof SSLContext context) {
            client.sslContext(context);
        }
        return client.build();
    }

    private static void connect(String id, SipSocket socket, URI uri, String protocol, HttpClient client) {
        client.newWebSocketBuilder()
                .subprotocols(protocol)
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(uri, socket)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        failedToOpen(id, uri, socket, error);
                    }
                });
    }

    /** Its client could not be built, or its connection not made: the page sees the socket close (1006). */
    private static void failedToOpen(String id, URI uri, SipSocket socket, Throwable error) {
        log.info("SIP WebSocket {} to {} failed to open: {}", id, uri, SipSocket.rootMessage(error));
        socket.ended(1006, SipSocket.rootMessage(error));
    }

    /** The accounts' credentials as last sent to the page: what {@link #leave} answers challenges with. */
    public void credentials(List<SipCredential> accounts) {
        passwords.replace(accounts);
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
        List<SipSocket> open = List.copyOf(sockets.values());
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        for (SipSocket socket : open) {
            try {
                outcomes.add(socket.leave(passwords));
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
                lines.add(who + ": " + SipSocket.rootMessage(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lines.add(who + ": interrupted");
                break;
            }
        }
        return lines;
    }

    /** Closes every socket and lets go of the HTTP clients (exit). */
    @Override
    public void close() {
        closeSockets();
        // A JDK client has no close: its selector thread ends once nothing holds it.
        clients.clear();
    }

    /** Closes every socket (the page that opened them is gone); the HTTP clients stay for the next page's. */
    public void closeSockets() {
        sockets.values().forEach(s -> s.close(1001, "going away"));
    }
}
