package dev.deskphone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceChannelTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();
    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        acceptor.shutdownNow();
    }

    @Test
    void aRequestReachesTheRunningInstanceAndItsReplyComesBack() throws Exception {
        InstanceAddress address = InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
        try (InstanceServer server = InstanceServer.start(address, json,
                request -> json.createObjectNode().put("echo", request.path("command").asText()), acceptor)) {
            JsonNode reply = new InstanceClient(address, json).request(json.createObjectNode().put("command", "status")).orElseThrow();

            assertThat(reply.path("echo").asText()).isEqualTo("status");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(address.socket().getParent())))
                    .isEqualTo("rwx------");
        }
        assertThat(address.socket()).doesNotExist();
    }

    @Test
    void withNoInstanceOrAStaleSocketTheClientFindsNobody() throws Exception {
        InstanceAddress address = InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
        assertThat(new InstanceClient(address, json).request(json.createObjectNode())).isEmpty();

        // A crashed instance leaves its socket file behind, with nobody listening.
        address.prepareDirectory();
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(address.socket()));
        }
        assertThat(address.socket()).exists();
        assertThat(new InstanceClient(address, json).request(json.createObjectNode())).isEmpty();

        // ...and the next instance takes its place.
        try (InstanceServer server = InstanceServer.start(address, json, r -> json.createObjectNode().put("ok", true), acceptor)) {
            assertThat(new InstanceClient(address, json).request(json.createObjectNode()).orElseThrow().path("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void differentConfigurationsGetDifferentSockets() {
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
        assertThat(InstanceAddress.forConfigDir(tmp.resolve("a"), env))
                .isNotEqualTo(InstanceAddress.forConfigDir(tmp.resolve("b"), env))
                .isEqualTo(InstanceAddress.forConfigDir(tmp.resolve("a/../a"), env));
    }
}
