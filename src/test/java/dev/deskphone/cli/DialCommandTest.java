package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DialCommandTest {
    @TempDir
    Path tmp;

    private final ExecutorService acceptor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        acceptor.shutdownNow();
    }

    @Test
    void targetsAreNumbersOrSipUrisAndTelLinksBecomeNumbers() {
        assertThat(DialCommand.normalize("1002")).isEqualTo("1002");
        assertThat(DialCommand.normalize("tel:+49 (30) 123-45")).isEqualTo("+493012345");
        assertThat(DialCommand.normalize("sip:1002@pbx.example")).isEqualTo("sip:1002@pbx.example");
        assertThat(DialCommand.normalize("agent@pbx.example")).isEqualTo("agent@pbx.example");
        assertThatThrownBy(() -> DialCommand.normalize("call me maybe"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("TARGET");
    }

    @Test
    void aBadTargetIsAUsageErrorNamingTheArgument() {
        CliRunner cli = new CliRunner(tmp);
        CliRunner.Result result = cli.run("dial", "not a number");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("TARGET");
    }

    @Test
    void theRunningInstanceGetsTheDialRequest() throws Exception {
        CliRunner cli = new CliRunner(tmp);
        cli.env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
        ObjectMapper json = new ObjectMapper();
        List<String> requests = new CopyOnWriteArrayList<>();
        InstanceAddress address = InstanceAddress.forConfigDir(cli.userDir, cli.env);
        try (InstanceServer server = InstanceServer.start(
                address,
                json,
                request -> {
                    requests.add(request.toString());
                    return json.createObjectNode().put("ok", true);
                },
                acceptor)) {
            CliRunner.Result result = cli.run("dial", "tel:+4930123", "--account", "1001");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(result.out()).contains("Dialling +4930123");
        }
        assertThat(requests)
                .containsExactly(
                        "{\"command\":\"dial\",\"target\":\"+4930123\",\"origin\":\"cli\",\"account\":\"1001\"}");
    }

    @Test
    void autoAnswerOutOfRangeIsRefusedNamingTheFlag() {
        CliRunner.Result result = new CliRunner(tmp).run("--auto-answer=9999");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--auto-answer");
    }
}
