package dev.deskphone.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.app.CallOptions;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceClient;
import dev.deskphone.instance.InstanceHandOver;
import dev.deskphone.instance.InstanceServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DialOriginTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService acceptor = Executors.newCachedThreadPool();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        acceptor.shutdownNow();
    }

    @Test
    void aClickedLinkHandedToTheRunningInstanceSaysItIsALink() throws Exception {
        InstanceAddress address =
                InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
        List<JsonNode> requests = new CopyOnWriteArrayList<>();
        try (InstanceServer server = InstanceServer.start(
                address,
                json,
                request -> {
                    requests.add(request);
                    return json.createObjectNode().put("ok", true);
                },
                acceptor)) {
            new InstanceHandOver(address, new InstanceClient(address, json), json)
                    .handOver(CallLink.parse("sip:1002@pbx.example.com"));
        }
        assertThat(requests).extracting(r -> r.path("command").asText()).containsExactly("activate", "dial");
        assertThat(requests.get(1).path("origin").asText()).isEqualTo("link");
    }

    @Test
    void deskphoneDialThatStartsTheAppDialsAsTheAgentsOwnCommand() {
        CallOptions options = new CallOptions(java.util.OptionalInt.empty(), Optional.of("1002"), Optional.empty());

        assertThat(options.initialDial())
                .hasValueSatisfying(message -> assertThat(message).containsEntry("origin", "cli"));
    }

    @Test
    void onlyAnExplicitCliOriginSkipsTheAgentsConfirmation() {
        assertThat(DialOrigin.fromWire("cli")).isEqualTo(DialOrigin.CLI);
        assertThat(DialOrigin.fromWire("link")).isEqualTo(DialOrigin.LINK);
        assertThat(DialOrigin.fromWire("")).isEqualTo(DialOrigin.LINK);
        assertThat(DialOrigin.fromWire("CLI ")).isEqualTo(DialOrigin.LINK);
    }
}
