package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceServer;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deskphone status} prints what the running app reports, its outbox's troubles included. */
class StatusCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final ExecutorService acceptor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        acceptor.shutdownNow();
    }

    private CliRunner.Result statusWith(Consumer<ObjectNode> backend) throws Exception {
        return statusWith(reply -> {}, backend);
    }

    private CliRunner.Result statusWith(Consumer<ObjectNode> whole, Consumer<ObjectNode> backend) throws Exception {
        CliRunner cli = new CliRunner(tmp);
        cli.env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
        InstanceAddress address = InstanceAddress.forConfigDir(cli.userDir, cli.env);
        try (InstanceServer server = InstanceServer.start(
                address,
                JSON,
                request -> {
                    ObjectNode reply = JSON.createObjectNode().put("ok", true);
                    reply.putArray("accounts")
                            .addObject()
                            .put("account", "office/1001")
                            .put("state", "registered");
                    ObjectNode node = reply.putObject("backend")
                            .put("state", "online")
                            .put("pending", 2)
                            .put("dead", 0)
                            .put("capacity", 50_000)
                            .put("held", 0);
                    backend.accept(node);
                    whole.accept(reply);
                    return reply;
                },
                acceptor)) {
            return cli.run("status");
        }
    }

    @Test
    void whatTheConfigurationLeftOutIsShown() throws Exception {
        String unreadable = "TURN passwords in /etc/deskphone/secrets.json cannot be read by this user (agent)";
        CliRunner.Result result = statusWith(reply -> reply.putArray("warnings").add(unreadable), backend -> {});
        assertThat(result.out()).contains("Warning: " + unreadable + "\n");
    }

    @Test
    void aHealthyOutboxIsOneLine() throws Exception {
        CliRunner.Result result = statusWith(backend -> {});
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out())
                .contains(
                        "office/1001",
                        "registered",
                        "Call events: backend online, 2 waiting, 0 refused (outbox holds up to 50000)");
        assertThat(result.out().lines().filter(line -> line.startsWith("Call events:")))
                .hasSize(1);
    }

    @Test
    void failingWritesAndAMovedAsideOutboxAreShown() throws Exception {
        CliRunner.Result result = statusWith(backend -> backend.put("held", 3)
                .put("storageError", "database or disk is full")
                .put(
                        "outboxWarning",
                        "The call-event outbox could not be read (damaged or not a database); it was kept as"
                                + " /data/outbox.db.unreadable-20260301T101530.250Z and a new one started."));
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out())
                .contains(
                        "Call events: CANNOT WRITE THE OUTBOX (database or disk is full): 3 events held in memory until it works again",
                        "Call events: The call-event outbox could not be read (damaged or not a database); it was kept as"
                                + " /data/outbox.db.unreadable-20260301T101530.250Z");
    }
}
