package dev.deskphone.app;

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
import java.util.Optional;

/** Talks to a running instance over its {@link InstanceServer} socket. */
public final class InstanceClient {
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
            Channels.newOutputStream(channel).write((json.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the running instance closed the connection without answering");
            }
            return Optional.of(json.readTree(line));
        }
    }
}
