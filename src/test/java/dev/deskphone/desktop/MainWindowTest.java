package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.bridge.BundledPage;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.TestPageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The JavaFX shell in a real window: the bundled page loads, the bridge works and survives GC. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<ObjectNode> received = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> appLog = new ListAppender<>();
    private WebViewHost host;
    private MainWindow window;

    @BeforeAll
    static void needsADisplay() {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
    }

    @Start
    void start(Stage stage) throws Exception {
        appLog.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appLog);
        Path userData = Files.createTempDirectory("deskphone-webview");
        host = new WebViewHost(
                json,
                (type, message) -> received.add(message),
                userData,
                BundledPage.install(Files.createTempDirectory("deskphone-page")));
        window = new MainWindow(stage, host);
        // Sent before the page exists: must be delivered once the page is ready, not lost.
        host.pageApi().post(TestPageConfig.oneAccount(1, "pw-never-logged"));
        window.show();
        host.load();
    }

    @AfterEach
    void detachLog() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appLog);
    }

    @Test
    void windowShowsTheBundledPageWithSipJs(FxRobot robot) throws Exception {
        awaitReady();
        assertThat(window.stage().isShowing()).isTrue();
        assertThat(window.stage().getTitle()).isEqualTo("Deskphone");
        assertThat(window.stage().getMinWidth())
                .as("no narrower than the 440 px the top bar reads whole at (WindowSnapshotTest)")
                .isGreaterThanOrEqualTo(440);
        assertThat(window.stage().getIcons())
                .extracting(image -> (int) image.getWidth())
                .containsExactly(16, 32, 48, 128, 256);
        assertThat(window.stage().getIcons()).noneMatch(image -> image.isError());
        assertThat(robot.lookup(".web-view").queryAs(WebView.class)).isSameAs(host.view());
        assertThat(js("typeof SIP.UserAgent + ',' + typeof SIP.Registerer + ',' + typeof SIP.Inviter"))
                .isEqualTo("function,function,function");
        assertThat(js("location.href")).endsWith("/web/index.html");
    }

    @Test
    void configSentBeforeThePageWasReadyReachesIt() throws Exception {
        awaitReady();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> Boolean.TRUE.equals(jsValue("document.querySelector('[data-account=\"pbx/1001\"]') !== null")));
    }

    @Test
    void bridgeSurvivesGarbageCollection() throws Exception {
        awaitReady();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        String reply = js("deskphoneJava.send(JSON.stringify({type: 'ping'}))");
        assertThat(json.readTree(reply).path("pong").asBoolean()).isTrue();

        js("deskphoneJava.send(JSON.stringify({type: 'account-state', account: 'pbx/1009', state: 'registered'}))");
        assertThat(received).anyMatch(m -> "pbx/1009".equals(m.path("account").asText()));
    }

    @Test
    void malformedMessagesAreAnsweredWithAnErrorNotAnException() throws Exception {
        awaitReady();
        assertThat(json.readTree(js("deskphoneJava.send('not json at all')"))
                        .path("error")
                        .asText())
                .contains("not valid JSON");
        assertThat(json.readTree(js("deskphoneJava.send(JSON.stringify({type: 5}))"))
                        .path("error")
                        .asText())
                .contains("type");
    }

    @Test
    void navigationAwayFromTheBundledPageIsBlocked() throws Exception {
        awaitReady();
        String page = js("location.href");
        // A real page the WebView could show: without the guard, it would.
        Path elsewhere = Files.writeString(
                Files.createTempFile("elsewhere", ".html"),
                "<html><body><a id='link' href='#'>elsewhere</a></body></html>");
        js("location.href = '" + elsewhere.toUri() + "'; 'navigating'");
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(js("location.href")).isEqualTo(page);
        assertThat(js("document.getElementById('link') === null")).isEqualTo("true");
        assertThat(json.readTree(js("deskphoneJava.send(JSON.stringify({type: 'ping'}))"))
                        .path("pong")
                        .asBoolean())
                .isTrue();
        assertThat(js("window.open('http://127.0.0.1:9/popup') === null ? 'blocked' : 'opened'"))
                .isEqualTo("blocked");
    }

    @Test
    void pageConsoleMessagesGoToTheAppLogWithoutSecrets() throws Exception {
        awaitReady();
        js("console.error('boom from the page'); 'logged'");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> appLog.list.stream().anyMatch(e -> e.getFormattedMessage().contains("boom from the page")));
        assertThat(appLog.list).noneMatch(e -> e.getFormattedMessage().contains("pw-never-logged"));
    }

    private void awaitReady() throws Exception {
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> received.stream()
                        .anyMatch(m -> "ready".equals(m.path("type").asText())));
    }

    private String js(String script) throws Exception {
        return String.valueOf(jsValue(script));
    }

    private Object jsValue(String script) throws Exception {
        Callable<Object> call = () -> host.view().getEngine().executeScript(script);
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }
}
