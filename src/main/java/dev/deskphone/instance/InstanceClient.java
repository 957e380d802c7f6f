package dev.deskphone.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/** Talks to a running instance over its {@link InstanceServer} socket. */
public final class InstanceClient {
    /** The server's own deadline plus slack: a hung instance fails the command instead of hanging it. */
    private static final Duration REPLY_DEADLINE = InstanceServer.CLIENT_DEADLINE.plusSeconds(5);

    private static final int MAX_REPLY_BYTES = 4 * 1024 * 1024;

    private final InstanceAddress address;
    private final ObjectMapper json;

    public InstanceClient(InstanceAddress address, ObjectMapper json) {
        this.address = address;
        this.json = json;
    }

    /** The instance's reply, or empty when no instance is running for this configuration. */
    public Optional<JsonNode> request(JsonNode request) throws IOException {
        if (!Files.exists(address.socket())) {
            return Optional.empty();
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(address.socket()));
        } catch (IOException stale) {
            // A socket file with nobody listening: the previous instance died without cleaning up.
            return Optional.empty();
        }
        try (channel) {
            long deadline = System.nanoTime() + REPLY_DEADLINE.toNanos();
            InstanceLines.writeLine(channel, json.writeValueAsString(request), deadline);
            String line = InstanceLines.readLine(channel, deadline, MAX_REPLY_BYTES)
                    .orElseThrow(() -> new IOException("the running instance closed the connection without answering"));
            return Optional.of(json.readTree(line));
        }
    }
}
