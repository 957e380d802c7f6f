package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deskphone dnd on|off [--account ID]} and the availability column of {@code deskphone status}. */
class DndCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final ExecutorService acceptor = Executors.newCachedThreadPool();
    private final List<JsonNode> requests = new ArrayList<>();
    private CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp);
        cli.env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
    }

    @AfterEach
    void stop() {
        acceptor.shutdownNow();
    }

    private CliRunner.Result withInstance(Function<JsonNode, ObjectNode> handler, String... args) throws Exception {
        InstanceAddress address = InstanceAddress.forConfigDir(cli.userDir, cli.env);
        try (InstanceServer server = InstanceServer.start(
                address,
                JSON,
                request -> {
                    synchronized (requests) {
                        requests.add(request);
                    }
                    return handler.apply(request);
                },
                acceptor)) {
            return cli.run(args);
        }
    }

    @Test
    void turnsItOnForAllAccountsAndSaysWhich() throws Exception {
        CliRunner.Result result = withInstance(
                request -> {
                    ObjectNode reply = JSON.createObjectNode().put("ok", true);
                    reply.putArray("accounts").add("office/1001").add("office/1002");
                    return reply;
                },
                "dnd",
                "on");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEqualTo("Do not disturb: office/1001, office/1002\n");
        assertThat(requests.get(0).toString()).isEqualTo("{\"command\":\"dnd\",\"on\":true}");
    }

    @Test
    void turnsItOffForOneAccount() throws Exception {
        CliRunner.Result result = withInstance(
                request -> {
                    ObjectNode reply = JSON.createObjectNode().put("ok", true);
                    reply.putArray("accounts").add("office/1001");
                    return reply;
                },
                "dnd",
                "OFF",
                "--account",
                "1001");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).isEqualTo("Available: office/1001\n");
        assertThat(requests.get(0).toString()).isEqualTo("{\"command\":\"dnd\",\"on\":false,\"account\":\"1001\"}");
    }

    @Test
    void anUnknownAccountIsAUsageErrorNamingTheFlagAndTheAccount() throws Exception {
        CliRunner.Result result = withInstance(
                request -> JSON.createObjectNode()
                        .put("ok", false)
                        .put("error", "account '9999': no such account (configured: office/1001)"),
                "dnd",
                "on",
                "--account",
                "9999");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--account: account '9999': no such account (configured: office/1001)");
    }

    @Test
    void anythingButOnOrOffIsRefusedBeforeAskingTheApp() throws Exception {
        CliRunner.Result result =
                withInstance(request -> JSON.createObjectNode().put("ok", true), "dnd", "maybe");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("on|off: must be 'on' or 'off', got 'maybe'");
        assertThat(requests).isEmpty();
        assertThat(cli.run("dnd").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void withoutARunningDeskphoneItSaysSo() {
        CliRunner.Result result = cli.run("dnd", "on");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(result.err()).contains("Deskphone is not running for " + cli.userDir);
    }

    @Test
    void statusPrintsEachAccountsAvailability() throws Exception {
        CliRunner.Result result = withInstance(
                request -> {
                    ObjectNode reply = JSON.createObjectNode().put("ok", true);
                    var accounts = reply.putArray("accounts");
                    for (String id : List.of("office/1001", "office/1002", "office/1003")) {
                        accounts.addObject().put("account", id).put("state", "registered");
                    }
                    reply.putObject("availability")
                            .put("office/1001", "dnd")
                            .put("office/1002", "after-call-work")
                            .put("office/1003", "available");
                    return reply;
                },
                "status");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out().lines().filter(l -> l.startsWith("office/")))
                .satisfiesExactly(
                        l -> assertThat(l).matches("office/1001 +registered +DND *"),
                        l -> assertThat(l).matches("office/1002 +registered +After-call work *"),
                        l -> assertThat(l).matches("office/1003 +registered +Available *"));
    }
}
