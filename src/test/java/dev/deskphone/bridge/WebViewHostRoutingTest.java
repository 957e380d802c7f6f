package dev.deskphone.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.TestPageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The page loads while the app is still being wired (DeskphoneApp): it gets no bridge, and says
 * nothing, until {@link WebViewHost#route} names the handlers of its messages; then it starts, and
 * what Java posted meanwhile reaches it.
 */
@ExtendWith(ApplicationExtension.class)
class WebViewHostRoutingTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<ObjectNode> received = new CopyOnWriteArrayList<>();
    private final PageApi pageApi = new PageApi(json);
    private WebViewHost host;

    @BeforeAll
    static void needsADisplay() {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
    }

    @Start
    void start(Stage stage) throws Exception {
        Path pageDirectory = Files.createTempDirectory("deskphone-page");
        // Made for where the page will be, before it is copied there (as the app does).
        host = new WebViewHost(
                pageApi, json, Files.createTempDirectory("deskphone-webview"), BundledPage.at(pageDirectory));
        BundledPage installed = BundledPage.install(pageDirectory);
        assertThat(installed.url()).isEqualTo(BundledPage.at(pageDirectory).url());
        stage.setScene(new Scene(host.view(), 440, 600));
        stage.show();
        host.load();
    }

    @Test
    void thePageWaitsForItsHandlersThenStartsAndGetsWhatWasPostedMeanwhile() throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> "complete".equals(js("document.readyState")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(js("typeof window.deskphoneJava"))
                .as("no bridge before route")
                .isEqualTo("undefined");
        pageApi.post(TestPageConfig.oneAccount(1));
        Thread.sleep(300);
        assertThat(js("document.querySelector('[data-account=\"pbx/1001\"]') === null"))
                .as("nothing delivered to a page that has not said ready")
                .isEqualTo("true");

        fx(() -> {
            host.route((type, message) -> received.add(message));
            return null;
        });

        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> received.stream()
                        .anyMatch(m -> "ready".equals(m.path("type").asText())));
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> "true".equals(js("document.querySelector('[data-account=\"pbx/1001\"]') !== null")));
        assertThatThrownBy(() -> fx(() -> {
                    host.route((type, message) -> {});
                    return null;
                }))
                .hasRootCauseInstanceOf(IllegalStateException.class);
    }

    private String js(String script) throws Exception {
        return String.valueOf(fx(() -> host.view().getEngine().executeScript(script)));
    }

    private Object fx(Callable<Object> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }
}
