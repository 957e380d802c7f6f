package dev.deskphone.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceChannelTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService acceptor = Executors.newCachedThreadPool();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        acceptor.shutdownNow();
    }

    @Test
    void aRequestReachesTheRunningInstanceAndItsReplyComesBack() throws Exception {
        InstanceAddress address =
                InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
        try (InstanceServer server = InstanceServer.start(
                address,
                json,
                request -> json.createObjectNode()
                        .put("echo", request.path("command").asText()),
                acceptor)) {
            JsonNode reply = new InstanceClient(address, json)
                    .request(json.createObjectNode().put("command", "status"))
                    .orElseThrow();

            assertThat(reply.path("echo").asText()).isEqualTo("status");
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(address.socket().getParent())))
                    .isEqualTo("rwx------");
        }
        assertThat(address.socket()).doesNotExist();
    }

    @Test
    void withNoInstanceOrAStaleSocketTheClientFindsNobody() throws Exception {
        InstanceAddress address =
                InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
        assertThat(new InstanceClient(address, json).request(json.createObjectNode()))
                .isEmpty();

        // A crashed instance leaves its socket file behind, with nobody listening.
        address.prepareDirectory();
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(address.socket()));
        }
        assertThat(address.socket()).exists();
        assertThat(new InstanceClient(address, json).request(json.createObjectNode()))
                .isEmpty();

        // ...and the next instance takes its place.
        try (InstanceServer server =
                InstanceServer.start(address, json, r -> json.createObjectNode().put("ok", true), acceptor)) {
            assertThat(new InstanceClient(address, json)
                            .request(json.createObjectNode())
                            .orElseThrow()
                            .path("ok")
                            .asBoolean())
                    .isTrue();
        }
    }

    @Test
    void aClientThatSendsNothingIsDroppedAtItsDeadlineWhileAnotherIsServed() throws Exception {
        InstanceAddress address =
                InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
        Duration deadline = Duration.ofSeconds(2);
        try (InstanceServer server = InstanceServer.start(
                        address, json, r -> json.createObjectNode().put("ok", true), acceptor, deadline, null);
                SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.connect(UnixDomainSocketAddress.of(address.socket()));
            long start = System.nanoTime();

            JsonNode reply = new InstanceClient(address, json)
                    .request(json.createObjectNode().put("command", "status"))
                    .orElseThrow();

            assertThat(reply.path("ok").asBoolean()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("served while the silent client is connected")
                    .isLessThan(deadline.dividedBy(2));
            // The silent one is cut off at its deadline: it reads end-of-stream, not a reply.
            int read = silent.read(ByteBuffer.allocate(256));
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(deadline.minusMillis(200), deadline.multipliedBy(3));
        }
    }

    @Test
    void withoutARuntimeDirectoryTheSocketGoesToAPrivateDirectoryInTmp() throws Exception {
        InstanceAddress address = InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of(), tmp, "agent");
        assertThat(address.socket().getParent()).isEqualTo(tmp.resolve("deskphone-agent"));

        address.prepareDirectory();

        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(address.socket().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aDirectoryOthersMayUseIsRefusedNamingIt() throws Exception {
        InstanceAddress address = InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of(), tmp, "agent");
        Path dir = address.socket().getParent();
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(address::prepareDirectory)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("rwx------");
        assertThatThrownBy(() -> InstanceServer.start(address, json, r -> json.createObjectNode(), acceptor))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString());
        assertThat(address.socket()).doesNotExist();
    }

    @Test
    void aDirectoryMadeFirstByAnotherUserIsRefused() throws Exception {
        InstanceAddress address = InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of(), tmp, "agent");
        Path dir = address.socket().getParent();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // What another user would do first in a shared /tmp: make the directory, private to them.
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            UserPrincipal nobody =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } else {
            // Not root: a directory another user (root) already owns stands in for it.
            address = new InstanceAddress(Path.of("/").resolve("instance-x.sock"));
            dir = Path.of("/");
        }
        InstanceAddress hostile = address;

        assertThatThrownBy(hostile::prepareDirectory)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("owned by");
    }

    @Test
    void aLinkInPlaceOfTheDirectoryIsRefused() throws Exception {
        InstanceAddress address = InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of(), tmp, "agent");
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(address.socket().getParent(), elsewhere);

        assertThatThrownBy(address::prepareDirectory)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void differentConfigurationsGetDifferentSockets() {
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
        assertThat(InstanceAddress.forConfigDir(tmp.resolve("a"), env))
                .isNotEqualTo(InstanceAddress.forConfigDir(tmp.resolve("b"), env))
                .isEqualTo(InstanceAddress.forConfigDir(tmp.resolve("a/../a"), env));
    }
}
