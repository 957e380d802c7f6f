package dev.deskphone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.profile.ConfigDirs;
import dev.deskphone.profile.ProfileService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsRequestsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<Map<String, Object>> results = new ArrayList<>();
    private final AtomicInteger configPushes = new AtomicInteger();

    @TempDir
    Path tmp;

    private ProfileService profiles;
    private SettingsRequests settings;

    @BeforeEach
    void setUp() {
        profiles = new ProfileService(new ConfigDirs(tmp.resolve("user"), tmp.resolve("system")));
        // Runs the change on the calling thread: the test sees its result at once.
        settings = new SettingsRequests(profiles, Runnable::run, new SettingsRequests.Replies() {
            @Override
            public void result(Map<String, Object> settingsResult) {
                results.add(settingsResult);
            }

            @Override
            public void configurationChanged() {
                configPushes.incrementAndGet();
            }
        });
    }

    @Test
    void addsAProfileAndAnAccountFromTheForm() {
        settings.handle(request(
                "p1",
                "add-profile",
                json.createObjectNode()
                        .put("name", "main")
                        .put("server", "wss://pbx.example.com:8089/ws")
                        .put("domain", "pbx.example.com")
                        .put("stun", "stun:stun.example.com:3478")
                        .put("default", true)));
        settings.handle(request(
                "a1",
                "add-account",
                json.createObjectNode()
                        .put("profile", "main")
                        .put("extension", "1001")
                        .put("displayName", "Alice")
                        .put("password", "s3cret")));

        assertThat(results).extracting(r -> r.get("ok")).containsExactly(true, true);
        assertThat(results).extracting(r -> r.get("requestId")).containsExactly("p1", "a1");
        assertThat(configPushes).hasValue(2);
        assertThat(profiles.load().profile("main").orElseThrow().stun()).hasSize(1);
        assertThat(profiles.load().accounts())
                .singleElement()
                .satisfies(a -> assertThat(a.displayName()).isEqualTo("Alice"));
        assertThat(profiles.loadSecrets().sipPassword(profiles.load().accounts().get(0)))
                .contains("s3cret");
    }

    @Test
    void invalidValuesComeBackAsFieldErrorsNamedAsTheFormNamesThemAndNothingIsStored() throws Exception {
        settings.handle(request(
                "p1",
                "add-profile",
                json.createObjectNode()
                        .put("name", "main")
                        .put("server", "http://pbx.example.com")
                        .put("domain", "pbx.example.com")));
        settings.handle(request(
                "a1",
                "add-account",
                json.createObjectNode()
                        .put("profile", "nope")
                        .put("extension", "1001")
                        .put("password", "pw")));
        settings.handle(request(
                "a2",
                "add-account",
                json.createObjectNode().put("profile", "main").put("extension", "1001")));
        settings.handle(request(
                "a3",
                "add-account",
                json.createObjectNode()
                        .put("profile", "nope")
                        .put("extension", "1001")
                        .put("authUsername", "x y")
                        .put("password", "pw")));

        assertThat(results).extracting(r -> r.get("ok")).containsExactly(false, false, false, false);
        assertThat(errors(0)).containsKey("server");
        assertThat(errors(0).get("server")).contains("ws://");
        assertThat(errors(1)).containsKey("profile");
        assertThat(errors(2)).containsKey("password");
        assertThat(errors(3)).containsKey("authUsername");
        assertThat(configPushes).hasValue(0);
        assertThat(Files.exists(tmp.resolve("user").resolve("deskphone.json"))).isFalse();
    }

    @Test
    void anUnknownActionIsRejectedAtTheBridge() {
        assertThatThrownBy(() -> settings.handle(request("x", "format-disk", json.createObjectNode())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format-disk");
        assertThatThrownBy(() -> settings.handle(
                        json.createObjectNode().put("type", "settings").put("action", "add-profile")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values");
    }

    @Test
    void pageNamesAreTheFlagsInCamelCase() {
        assertThat(SettingsRequests.pageName("turn-username")).isEqualTo("turnUsername");
        assertThat(SettingsRequests.pageName("ice-timeout-ms")).isEqualTo("iceTimeoutMs");
        assertThat(SettingsRequests.pageName("server")).isEqualTo("server");
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> errors(int index) {
        return (Map<String, String>) results.get(index).get("errors");
    }

    private ObjectNode request(String id, String action, ObjectNode values) {
        ObjectNode message = json.createObjectNode()
                .put("type", "settings")
                .put("requestId", id)
                .put("action", action);
        message.set("values", values);
        return message;
    }
}
