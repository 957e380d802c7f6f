package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioCommandTest {
    private static final String DEVICES = """
            {"available":true,"microphones":[{"id":"mic","name":"Built-in Microphone"}],
             "speakers":[{"id":"speaker","name":"Built-in Speaker"},{"id":"headset","name":"Jabra Evolve Stereo"}],
             "defaultSpeaker":"Built-in Speaker",
             "selected":{"microphone":null,"speaker":{"id":"usb-gone","name":"USB Headset","connected":false}}}
            """;

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService acceptor = Executors.newCachedThreadPool();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        acceptor.shutdownNow();
    }

    private CliRunner.Result run(Function<JsonNode, ObjectNode> app, String... args) throws Exception {
        CliRunner cli = new CliRunner(tmp);
        cli.env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
        InstanceAddress address = InstanceAddress.forConfigDir(cli.userDir, cli.env);
        try (InstanceServer server = InstanceServer.start(
                address,
                json,
                request -> {
                    requests.add(request);
                    return app.apply(request);
                },
                acceptor)) {
            return cli.run(args);
        }
    }

    private ObjectNode devices(JsonNode request) {
        ObjectNode reply = json.createObjectNode().put("ok", true);
        try {
            reply.set("audio", json.readTree(DEVICES));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return reply;
    }

    @Test
    void listsTheDevicesMarkingWhatCallsUseAndAnUnpluggedChoice() throws Exception {
        CliRunner.Result result = run(this::devices, "audio");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(requests.get(0).toString()).isEqualTo("{\"command\":\"audio\"}");
        assertThat(result.out())
                .contains("Microphones")
                .contains("* default")
                .contains("Built-in Microphone")
                .contains("the system default: Built-in Speaker")
                .contains("Jabra Evolve Stereo")
                .contains("Ringing (* = where incoming calls ring)")
                .containsPattern("\\* usb-gone +USB Headset \\(not connected");
    }

    @Test
    void choosesDevicesWithDefaultMeaningTheSystemDefault() throws Exception {
        CliRunner.Result result =
                run(this::devices, "audio", "--speaker", "headset", "--microphone", "Default", "--ringer", "speaker");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(requests.get(0).toString())
                .isEqualTo(
                        "{\"command\":\"audio\",\"microphone\":\"\",\"speaker\":\"headset\",\"ringer\":\"speaker\"}");
    }

    @Test
    void aRefusedDeviceIsAUsageErrorNamingTheFlag() throws Exception {
        CliRunner.Result result = run(
                request -> json.createObjectNode()
                        .put("ok", false)
                        .put("error", "speaker: no speaker 'nope' is connected (connected: speaker, headset)"),
                "audio",
                "--speaker",
                "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--speaker: no speaker 'nope'");
    }

    @Test
    void anEmptyIdIsRefusedBeforeAskingTheApp() throws Exception {
        CliRunner.Result result = run(this::devices, "audio", "--microphone", " ");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--microphone");
        assertThat(requests).isEmpty();
    }

    @Test
    void withoutARunningAppItSaysSo() {
        CliRunner cli = new CliRunner(tmp);
        cli.env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
        CliRunner.Result result = cli.run("audio");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(result.err()).contains("not running");
    }
}
