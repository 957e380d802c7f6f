package dev.deskphone.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running instance's local command channel: one JSON request line in, one JSON reply line out,
 * per connection, over a Unix domain socket only this user can reach. Each connection is served on
 * its own thread of the given executor, within a deadline, so a client that stalls delays nobody else.
 *
 * <p>One request keeps its connection: {@code {"command":"watch"}} is answered {@code {"ok":true}}
 * and then streams the {@link InstanceBroadcast}'s lines, one JSON object a line, until the client
 * closes the connection, stops reading for {@link #WATCH_WRITE_DEADLINE}, or the instance quits.
 */
public final class InstanceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** A request is one short line and its reply another: far more than any honest client needs. */
    public static final Duration CLIENT_DEADLINE = Duration.ofSeconds(5);
    /** A watcher whose socket stays full this long is dropped (its queue drops lines before that). */
    static final Duration WATCH_WRITE_DEADLINE = Duration.ofSeconds(30);
    /** How often an idle watch connection checks whether its client went away. */
    private static final long WATCH_IDLE_CHECK_MS = 500;

    private final InstanceAddress address;
    private final ServerSocketChannel server;
    private final ObjectMapper json;
    private final Function<JsonNode, ObjectNode> handler;
    private final ExecutorService threads;
    private final Duration clientDeadline;
    private final InstanceBroadcast broadcast;
    private volatile boolean closed;

    private InstanceServer(
            InstanceAddress address,
            ServerSocketChannel server,
            ObjectMapper json,
            Function<JsonNode, ObjectNode> handler,
            ExecutorService threads,
            Duration clientDeadline,
            InstanceBroadcast broadcast) {
        this.broadcast = broadcast;
        this.address = address;
        this.server = server;
        this.json = json;
        this.handler = handler;
        this.threads = threads;
        this.clientDeadline = clientDeadline;
    }

    /**
     * Binds the socket, replacing a stale one left by a crashed instance. Callers hold the
     * {@link InstanceLock} (or have checked that no live instance answers, {@link InstanceClient}).
     *
     * @param threads runs the accept loop and one task per connection: needs more than one thread
     */
    public static InstanceServer start(
            InstanceAddress address, ObjectMapper json, Function<JsonNode, ObjectNode> handler, ExecutorService threads)
            throws IOException {
        return start(address, json, handler, threads, CLIENT_DEADLINE, null);
    }

    /** As {@link #start(InstanceAddress, ObjectMapper, Function, ExecutorService)}, streaming {@code broadcast} to watchers. */
    public static InstanceServer start(
            InstanceAddress address,
            ObjectMapper json,
            Function<JsonNode, ObjectNode> handler,
            InstanceBroadcast broadcast,
            ExecutorService threads)
            throws IOException {
        return start(address, json, handler, threads, CLIENT_DEADLINE, broadcast);
    }

    static InstanceServer start(
            InstanceAddress address,
            ObjectMapper json,
            Function<JsonNode, ObjectNode> handler,
            ExecutorService threads,
            Duration clientDeadline,
            InstanceBroadcast broadcast)
            throws IOException {
        address.prepareDirectory();
        Files.deleteIfExists(address.socket());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(address.socket()));
        InstanceServer server = new InstanceServer(address, channel, json, handler, threads, clientDeadline, broadcast);
        threads.execute(server::acceptLoop);
        return server;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                long deadline = System.nanoTime() + clientDeadline.toNanos();
                try {
                    threads.execute(() -> serveAndClose(client, deadline));
                } catch (RejectedExecutionException shuttingDown) {
                    client.close();
                }
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Instance channel: {}", e.toString());
                }
            }
        }
    }

    private void serveAndClose(SocketChannel client, long deadline) {
        try (client) {
            Optional<String> line = InstanceLines.readLine(client, deadline, MAX_REQUEST_BYTES);
            ObjectNode reply;
            if (line.isEmpty()) {
                reply = json.createObjectNode().put("ok", false).put("error", "expected one JSON request line");
            } else {
                try {
                    JsonNode request = json.readTree(line.get());
                    if (broadcast != null
                            && "watch".equals(request.path("command").asText())) {
                        serveWatch(client);
                        return;
                    }
                    reply = handler.apply(request);
                } catch (IOException | RuntimeException e) {
                    log.warn("Instance request failed: {}", e.toString());
                    reply = json.createObjectNode().put("ok", false).put("error", String.valueOf(e.getMessage()));
                }
            }
            InstanceLines.writeLine(client, json.writeValueAsString(reply), deadline);
        } catch (IOException e) {
            // A client that stalls past the deadline, sends too much or goes away: only it is dropped.
            log.debug("Instance channel client dropped: {}", e.toString());
        }
    }

    /** Streams the broadcast to one watcher until it goes away or the instance closes. */
    private void serveWatch(SocketChannel client) throws IOException {
        try (InstanceBroadcast.Subscription subscription = broadcast.subscribe()) {
            InstanceLines.writeLine(client, "{\"ok\":true}", System.nanoTime() + clientDeadline.toNanos());
            ByteBuffer ignored = ByteBuffer.allocate(256);
            while (true) {
                Optional<String> line = subscription.next(WATCH_IDLE_CHECK_MS);
                if (line.isPresent()) {
                    InstanceLines.writeLine(client, line.get(), System.nanoTime() + WATCH_WRITE_DEADLINE.toNanos());
                } else if (closed) {
                    // Lines published before the instance closed have been written: end the stream.
                    return;
                } else {
                    // The channel is non-blocking here: -1 means the watcher closed its end.
                    ignored.clear();
                    if (client.read(ignored) < 0) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(address.socket());
        } catch (IOException e) {
            log.warn("Closing the instance channel: {}", e.toString());
        }
    }
}
