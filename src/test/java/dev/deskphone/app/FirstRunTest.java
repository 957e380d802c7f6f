package dev.deskphone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.bridge.BundledPage;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.desktop.MainWindow;
import dev.deskphone.testsupport.ExternalTools;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** With no profile yet, the real window explains provisioning and its settings form reaches Java. */
@ExtendWith(ApplicationExtension.class)
class FirstRunTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<ObjectNode> settings = new CopyOnWriteArrayList<>();
    private WebViewHost host;

    @BeforeAll
    static void needsADisplay() {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
    }

    @Start
    void start(Stage stage) throws Exception {
        host = new WebViewHost(
                json,
                (type, message) -> {
                    if ("settings".equals(type)) {
                        settings.add(message);
                    }
                },
                Files.createTempDirectory("deskphone-webview"),
                BundledPage.install(Files.createTempDirectory("deskphone-page")));
        host.pageApi().post(Map.of("type", "config", "maxAccounts", 6, "profiles", List.of(), "accounts", List.of()));
        new MainWindow(stage, host).show();
        host.load();
    }

    @Test
    void explainsProvisioningAndSendsTheProfileFormToJava() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "first-run".equals(js("document.body.dataset.config")));
        assertThat(js("document.querySelector('#first-run [data-role=provisioning-commands]').textContent"))
                .contains("deskphone profile add")
                .contains("deskphone account add");

        js(
                "const f = document.getElementById('profile-form');"
                        + "f.querySelector('[name=name]').value = 'office';"
                        + "f.querySelector('[name=server]').value = 'wss://pbx.example.com:8089/ws';"
                        + "f.querySelector('[name=domain]').value = 'pbx.example.com';"
                        + "f.requestSubmit ? f.requestSubmit() : f.dispatchEvent(new Event('submit', {cancelable: true})); 'sent'");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !settings.isEmpty());
        ObjectNode request = settings.get(0);
        assertThat(request.path("action").asText()).isEqualTo("add-profile");
        assertThat(request.path("values").path("server").asText()).isEqualTo("wss://pbx.example.com:8089/ws");
        assertThat(request.path("values").path("domain").asText()).isEqualTo("pbx.example.com");

        // Java's field errors land next to the fields.
        host.pageApi()
                .post(Map.of(
                        "type",
                        "settings-result",
                        "requestId",
                        request.path("requestId").asText(),
                        "ok",
                        false,
                        "errors",
                        Map.of("server", "must be a ws:// or wss:// URI with a host")));
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> js("document.querySelector('#profile-form [data-error-for=server]').textContent")
                        .contains("ws:// or wss://"));
    }

    private String js(String script) throws Exception {
        Callable<Object> call = () -> host.view().getEngine().executeScript(script);
        return String.valueOf(WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS));
    }
}
