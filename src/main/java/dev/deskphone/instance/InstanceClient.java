package dev.deskphone.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

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
        Optional<SocketChannel> connected = connect();
        if (connected.isEmpty()) {
            return Optional.empty();
        }
        try (SocketChannel channel = connected.get()) {
            long deadline = System.nanoTime() + REPLY_DEADLINE.toNanos();
            InstanceLines.writeLine(channel, json.writeValueAsString(request), deadline);
            String line = InstanceLines.readLine(channel, deadline, MAX_REPLY_BYTES)
                    .orElseThrow(() -> new IOException("the running instance closed the connection without answering"));
            return Optional.of(json.readTree(line));
        }
    }

    /**
     * Sends a streaming request ({@code watch}) and hands each line after the reply to
     * {@code lines} until the instance closes the stream or {@code lines} returns false. Returns the
     * instance's first reply (the stream ran only if it says {@code ok}), or empty when no instance runs.
     */
    public Optional<JsonNode> stream(JsonNode request, Predicate<JsonNode> lines) throws IOException {
        Optional<SocketChannel> connected = connect();
        if (connected.isEmpty()) {
            return Optional.empty();
        }
        try (SocketChannel channel = connected.get()) {
            InstanceLines.writeLine(
                    channel, json.writeValueAsString(request), System.nanoTime() + REPLY_DEADLINE.toNanos());
            channel.configureBlocking(true);
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String first = reader.readLine();
            if (first == null) {
                throw new IOException("the running instance closed the connection without answering");
            }
            JsonNode reply = json.readTree(first);
            if (reply.path("ok").asBoolean(false)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank() && !lines.test(json.readTree(line))) {
                        break;
                    }
                }
            }
            return Optional.of(reply);
        }
    }

    private Optional<SocketChannel> connect() throws IOException {
        if (!Files.exists(address.socket())) {
            return Optional.empty();
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(address.socket()));
            return Optional.of(channel);
        } catch (IOException stale) {
            // A socket file with nobody listening: the previous instance died without cleaning up.
            channel.close();
            return Optional.empty();
        }
    }
}
