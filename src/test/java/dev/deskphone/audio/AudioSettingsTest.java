package dev.deskphone.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.media.AudioDevices;
import dev.deskphone.media.AudioEndpoint;
import dev.deskphone.media.AudioRouter;
import dev.deskphone.state.AudioChoices;
import dev.deskphone.state.DesktopState;
import dev.deskphone.state.DesktopStateStore;
import dev.deskphone.testsupport.FakePactl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioSettingsTest {
    private static final AudioDevices CONNECTED = new AudioDevices(
            List.of(
                    new AudioEndpoint("mic", "Built-in Microphone"),
                    new AudioEndpoint("headset-mic", "Jabra Evolve Mono")),
            List.of(
                    new AudioEndpoint("speaker", "Built-in Speaker"),
                    new AudioEndpoint("headset", "Jabra Evolve Stereo")),
            Optional.of(new AudioEndpoint("mic", "Built-in Microphone")),
            Optional.of(new AudioEndpoint("speaker", "Built-in Speaker")));

    private final ObjectMapper json = new ObjectMapper();
    private final Executor now = Runnable::run;
    private final List<Map<String, Object>> toPage = new CopyOnWriteArrayList<>();

    @TempDir
    Path dataDir;

    @TempDir
    Path pactlDir;

    private FakePactl pactl;
    private AudioRouter router;
    private AudioDevices connected = CONNECTED;

    @BeforeEach
    void aCallOnTheDefaults() throws Exception {
        pactl = new FakePactl(pactlDir);
        pactl.write("sinks", "[{\"index\":0,\"name\":\"speaker\"},{\"index\":1,\"name\":\"headset\"}]");
        pactl.write("sources", "[{\"index\":2,\"name\":\"mic\"},{\"index\":3,\"name\":\"headset-mic\"}]");
        long pid = ProcessHandle.current().pid();
        pactl.write(
                "sink-inputs",
                "[{\"index\":7,\"sink\":0,\"properties\":{\"media.name\":\"playStream\",\"application.process.id\":\""
                        + pid + "\"}}]");
        pactl.write(
                "source-outputs",
                "[{\"index\":9,\"source\":2,\"properties\":{\"media.name\":\"recStream\",\"application.process.id\":\""
                        + pid + "\"}}]");
        router = AudioRouter.start(pid, pactl.environment(), () -> {});
    }

    @AfterEach
    void closeRouter() {
        router.close();
    }

    private AudioSettings settings(AudioRouter routing) {
        return new AudioSettings(
                () -> CompletableFuture.completedFuture(connected),
                routing,
                new DesktopStateStore(dataDir, json, now),
                toPage::add);
    }

    private ObjectNode select(String microphone, String speaker) {
        ObjectNode message = json.createObjectNode().put("type", "audio-select").put("requestId", "r1");
        message.put("microphone", microphone);
        message.put("speaker", speaker);
        return message;
    }

    @Test
    void thePageIsOfferedTheDevicesWithTheSystemDefaultsNamed() {
        settings(router).pageMessage("audio-devices-request", json.createObjectNode());

        JsonNode offered = json.valueToTree(toPage.get(0));
        assertThat(offered.path("type").asText()).isEqualTo("audio-devices");
        assertThat(offered.path("available").asBoolean()).isTrue();
        assertThat(offered.path("speakers").findValuesAsText("id")).containsExactly("speaker", "headset");
        assertThat(offered.path("microphones").findValuesAsText("name"))
                .containsExactly("Built-in Microphone", "Jabra Evolve Mono");
        assertThat(offered.path("defaultSpeaker").asText()).isEqualTo("Built-in Speaker");
        assertThat(offered.path("selected").path("speaker").isNull())
                .as("system default")
                .isTrue();
    }

    @Test
    void aChoiceIsRememberedRoutedAtOnceAndConfirmed() throws Exception {
        settings(router).pageMessage("audio-select", select("headset-mic", "headset"));

        JsonNode result = json.valueToTree(toPage.get(0));
        assertThat(result.path("type").asText()).isEqualTo("audio-select-result");
        assertThat(result.path("requestId").asText()).isEqualTo("r1");
        assertThat(result.path("ok").asBoolean()).isTrue();
        JsonNode offered = json.valueToTree(toPage.get(1));
        assertThat(offered.path("selected").path("speaker").path("name").asText())
                .isEqualTo("Jabra Evolve Stereo");
        assertThat(offered.path("selected").path("speaker").path("connected").asBoolean())
                .isTrue();
        awaitMoves(
                moves -> moves.containsAll(List.of("move-sink-input 7 headset", "move-source-output 9 headset-mic")));

        DesktopState reread = new DesktopStateStore(dataDir, json, now).get();
        assertThat(reread.audioChoices())
                .isEqualTo(new AudioChoices(
                        new AudioChoices.Device("headset-mic", "Jabra Evolve Mono"),
                        new AudioChoices.Device("headset", "Jabra Evolve Stereo"),
                        null));
    }

    @Test
    void theRingingDeviceIsOneOfTheSpeakersAndIsRememberedWithoutMovingTheCall() throws Exception {
        AudioSettings audio = settings(router);
        ObjectNode ringOnSpeaker = select("", "headset").put("ringer", "speaker");
        audio.pageMessage("audio-select", ringOnSpeaker);

        assertThat(json.valueToTree(toPage.get(0)).path("ok").asBoolean()).isTrue();
        JsonNode selected = json.valueToTree(toPage.get(1)).path("selected");
        assertThat(selected.path("ringer").path("name").asText()).isEqualTo("Built-in Speaker");
        assertThat(new DesktopStateStore(dataDir, json, now)
                        .get()
                        .audioChoices()
                        .ringerId())
                .contains("speaker");
        awaitMoves(moves -> moves.contains("move-sink-input 7 headset"));
        assertThat(pactl.moves()).as("ringing is not call audio").doesNotContain("move-sink-input 7 speaker");

        assertThatThrownBy(() -> audio.instanceCommand(json.createObjectNode().put("ringer", "headset-mic")))
                .as("a microphone cannot ring")
                .hasMessageContaining("ringer")
                .hasMessageContaining("headset-mic");
        assertThat(audio.status()).containsEntry("ringer", "speaker");
    }

    @Test
    void anUnknownDeviceIsRefusedByFieldAndNothingStoredChanges() throws Exception {
        AudioSettings audio = settings(router);
        audio.pageMessage("audio-select", select(null, "headset"));
        String stored = Files.readString(dataDir.resolve(DesktopStateStore.FILE_NAME));
        toPage.clear();

        audio.pageMessage("audio-select", select("gone-mic", "headset"));

        JsonNode result = json.valueToTree(toPage.get(0));
        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("errors").path("microphone").asText())
                .contains("microphone")
                .contains("gone-mic")
                .contains("headset-mic");
        assertThat(result.path("errors").has("speaker")).isFalse();
        assertThat(Files.readString(dataDir.resolve(DesktopStateStore.FILE_NAME)))
                .isEqualTo(stored);
        assertThatThrownBy(() -> audio.instanceCommand(json.createObjectNode().put("speaker", "nope")))
                .hasMessageContaining("speaker")
                .hasMessageContaining("nope");
        assertThat(Files.readString(dataDir.resolve(DesktopStateStore.FILE_NAME)))
                .isEqualTo(stored);
    }

    @Test
    void aRememberedHeadsetThatIsUnpluggedStaysChosenAndIsShownAsNotConnected() {
        settings(router).pageMessage("audio-select", select(null, "headset"));
        connected = new AudioDevices(
                CONNECTED.microphones(),
                List.of(new AudioEndpoint("speaker", "Built-in Speaker")),
                Optional.empty(),
                Optional.empty());
        toPage.clear();

        AudioSettings restarted = settings(router);
        restarted.pageMessage("audio-devices-request", json.createObjectNode());
        JsonNode selected = json.valueToTree(toPage.get(0)).path("selected").path("speaker");
        assertThat(selected.path("name").asText()).isEqualTo("Jabra Evolve Stereo");
        assertThat(selected.path("connected").asBoolean()).isFalse();

        // Changing only the microphone keeps the unplugged speaker.
        Map<String, Object> reply =
                restarted.instanceCommand(json.createObjectNode().put("microphone", "headset-mic"));
        assertThat(json.valueToTree(reply)
                        .path("selected")
                        .path("speaker")
                        .path("id")
                        .asText())
                .isEqualTo("headset");
    }

    @Test
    void withoutRoutingTheChoiceIsRefusedWithTheReasonAndTheListSaysSo() throws Exception {
        try (AudioRouter unavailable =
                AudioRouter.start(1, Map.of("PATH", pactlDir.resolve("none").toString()), () -> {})) {
            AudioSettings audio = settings(unavailable);
            audio.pageMessage("audio-select", select(null, "headset"));

            JsonNode result = json.valueToTree(toPage.get(0));
            assertThat(result.path("ok").asBoolean()).isFalse();
            assertThat(result.path("errors").path("_form").asText()).contains("pactl");
            JsonNode offered = json.valueToTree(toPage.get(1));
            assertThat(offered.path("available").asBoolean()).isFalse();
            assertThat(offered.path("reason").asText()).contains("pulseaudio-utils");
            assertThat(Files.exists(dataDir.resolve(DesktopStateStore.FILE_NAME)))
                    .isFalse();
        }
    }

    @Test
    void whenTheSoundServerDoesNotAnswerThePageIsToldWhy() {
        AudioSettings audio = new AudioSettings(
                () -> CompletableFuture.failedFuture(new IllegalStateException("Connection refused")),
                router,
                new DesktopStateStore(dataDir, json, now),
                toPage::add);

        audio.pageMessage("audio-devices-request", json.createObjectNode());

        JsonNode offered = json.valueToTree(toPage.get(0));
        assertThat(offered.path("available").asBoolean()).isFalse();
        assertThat(offered.path("reason").asText())
                .contains("sound server")
                .as("the tool's own words are not the agent's message")
                .doesNotContain("Connection refused");
        assertThat(offered.path("detail").asText())
                .as("they are the administrator's")
                .isEqualTo("Connection refused");
        assertThat(offered.path("speakers").size()).isZero();
    }

    private void awaitMoves(Predicate<List<String>> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.test(pactl.moves()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        List<String> moves = pactl.moves();
        assertThat(condition.test(moves)).as("the expected moves, got " + moves).isTrue();
    }
}
