package dev.deskphone.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running instance's local command channel: one JSON request line in, one JSON reply line out,
 * per connection, over a Unix domain socket only this user can reach.
 */
public final class InstanceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceServer.class);
    private static final int MAX_REQUEST_CHARS = 64 * 1024;

    private final InstanceAddress address;
    private final ServerSocketChannel server;
    private final ObjectMapper json;
    private final Function<JsonNode, ObjectNode> handler;
    private volatile boolean closed;

    private InstanceServer(InstanceAddress address, ServerSocketChannel server, ObjectMapper json,
            Function<JsonNode, ObjectNode> handler) {
        this.address = address;
        this.server = server;
        this.json = json;
        this.handler = handler;
    }

    /**
     * Binds the socket, replacing a stale one left by a crashed instance. Callers check first that
     * no live instance answers ({@link InstanceClient}).
     */
    public static InstanceServer start(InstanceAddress address, ObjectMapper json,
            Function<JsonNode, ObjectNode> handler, ExecutorService acceptor) throws IOException {
        address.prepareDirectory();
        Files.deleteIfExists(address.socket());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(address.socket()));
        InstanceServer server = new InstanceServer(address, channel, json, handler);
        acceptor.execute(server::acceptLoop);
        return server;
    }

    private void acceptLoop() {
        while (!closed) {
            try (SocketChannel client = server.accept()) {
                serve(client);
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Instance channel: {}", e.toString());
                }
            }
        }
    }

    private void serve(SocketChannel client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        String line = in.readLine();
        ObjectNode reply;
        if (line == null || line.length() > MAX_REQUEST_CHARS) {
            reply = json.createObjectNode().put("ok", false).put("error", "expected one JSON request line");
        } else {
            try {
                reply = handler.apply(json.readTree(line));
            } catch (IOException | RuntimeException e) {
                log.warn("Instance request failed: {}", e.toString());
                reply = json.createObjectNode().put("ok", false).put("error", String.valueOf(e.getMessage()));
            }
        }
        OutputStream out = Channels.newOutputStream(client);
        out.write((json.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
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
