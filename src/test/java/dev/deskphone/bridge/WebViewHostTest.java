package dev.deskphone.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.TestPageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The page and the bridge come back from whatever happens to the page: a reload, a navigation that
 * was blocked, something dropped on the window, a document that is not the bundled page.
 */
@ExtendWith(ApplicationExtension.class)
class WebViewHostTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<ObjectNode> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<TransferMode> dropOutcome = new AtomicReference<>();
    private final CopyOnWriteArrayList<String> dragsDone = new CopyOnWriteArrayList<>();
    private WebViewHost host;
    private Label dragSource;
    private Path elsewhere;

    @BeforeAll
    static void needsADisplay() {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
    }

    @Start
    void start(Stage stage) throws Exception {
        elsewhere = Files.writeString(
                Files.createTempFile("elsewhere", ".html"),
                "<html><body><p id='elsewhere'>not the softphone</p></body></html>");
        BundledPage page = BundledPage.install(Files.createTempDirectory("deskphone-page"));
        host = new WebViewHost(
                json,
                (type, message) -> {
                    received.add(message);
                    // What the app does on every ready: the page gets its configuration.
                    if ("ready".equals(type)) {
                        host.pageApi().post(TestPageConfig.oneAccount(readyCount()));
                    }
                },
                Files.createTempDirectory("deskphone-webview"),
                page);
        // Something the agent could drag onto the window: a link and a file.
        dragSource = new Label("drag me");
        dragSource.setOnDragDetected(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putUrl(elsewhere.toUri().toString());
            content.putString(elsewhere.toUri().toString());
            content.putFiles(List.of(elsewhere.toFile()));
            dragSource.startDragAndDrop(TransferMode.ANY).setContent(content);
            event.consume();
        });
        dragSource.setOnDragDone(event -> {
            dropOutcome.set(event.getTransferMode());
            dragsDone.add(String.valueOf(event.getTransferMode()));
        });
        stage.setScene(new Scene(new VBox(dragSource, host.view()), 440, 600));
        stage.show();
        host.load();
    }

    @Test
    void afterAReloadMessagesFlowBothWaysAndTheConfigIsSentAgain() throws Exception {
        awaitCard("pbx/1001");
        fx(() -> {
            host.view().getEngine().reload();
            // Posted while the page is going: delivered to the new page once it is ready.
            host.pageApi()
                    .post(Map.of(
                            "type", "backend-status", "state", "offline", "pending", 7, "dead", 0, "capacity", 100));
            return null;
        });
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> readyCount() == 2);
        awaitCard("pbx/1002");
        assertThat(js("document.querySelector('[data-account=\"pbx/1001\"]') === null"))
                .isEqualTo("true");
        assertPageAnswersJava();
        assertThat(js("document.getElementById('backend-status').dataset.pending"))
                .isEqualTo("7");
    }

    @Test
    void whileACallIsInProgressNoReloadPathUnloadsThePageAndTheReloadComesAfterTheCall() throws Exception {
        AtomicBoolean inCall = new AtomicBoolean(true);
        fx(() -> {
            host.keepLoadedWhile(inCall::get);
            return null;
        });
        awaitCard("pbx/1001");
        js("window.sameDocument = 'yes'; 'marked'");
        assertThat(host.view().isContextMenuEnabled())
                .as("no 'Reload page' menu")
                .isFalse();
        List<String> reloads = List.of(
                "location.reload()",
                "location.href = location.href",
                "location.assign(location.pathname)",
                "history.go(0)",
                "java:engine.reload()",
                "java:engine.load()",
                "java:host.reload()");
        for (String reload : reloads) {
            switch (reload) {
                case "java:engine.reload()" ->
                    fx(() -> {
                        host.view().getEngine().reload();
                        return null;
                    });
                case "java:engine.load()" ->
                    fx(() -> {
                        host.view().getEngine().load(host.view().getEngine().getLocation());
                        return null;
                    });
                case "java:host.reload()" ->
                    fx(() -> {
                        host.reload();
                        return null;
                    });
                default -> js(reload + "; 'reloading'");
            }
            Thread.sleep(1500);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(js("window.sameDocument")).as(reload).isEqualTo("yes");
            assertThat(readyCount()).as(reload).isEqualTo(1);
        }
        host.pageApi().post(TestPageConfig.oneAccount(2));
        awaitCard("pbx/1002");
        assertPageAnswersJava();

        // The call ends (the page's next message says so): the held-back reload happens, and the
        // new page gets its configuration.
        inCall.set(false);
        js("deskphoneJava.send(JSON.stringify({type: 'call-state', callId: 'c1', state: 'ended'})); 'sent'");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> readyCount() == 2);
        awaitCard("pbx/1002");
        assertThat(js("typeof window.sameDocument")).isEqualTo("undefined");
        assertPageAnswersJava();
    }

    @Test
    void aBlockedNavigationLeavesThePageAndBothDirectionsWorking() throws Exception {
        awaitCard("pbx/1001");
        js("window.sameDocument = 'yes'");
        js("location.href = '" + elsewhere.toUri() + "'; 'navigating'");
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(js("document.getElementById('elsewhere') === null && window.sameDocument"))
                .isEqualTo("yes");

        host.pageApi().post(TestPageConfig.oneAccount(2));
        awaitCard("pbx/1002");
        assertPageAnswersJava();
        assertThat(readyCount()).isEqualTo(1);
    }

    @Test
    void somethingDroppedOnTheWindowIsRefused(FxRobot robot) throws Exception {
        awaitCard("pbx/1001");
        js("window.sameDocument = 'yes'; window.dragSeen = 0;"
                + "['dragenter', 'dragover', 'drop'].forEach(t => document.addEventListener(t, () => window.dragSeen++, true));"
                + "'listening'");
        robot.drag(dragSource).dropTo(host.view());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !dragsDone.isEmpty());
        Thread.sleep(1000);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(dropOutcome.get()).as("the drop was not accepted").isNull();
        assertThat(js("window.dragSeen")).isEqualTo("0");
        assertThat(js("document.getElementById('elsewhere') === null && window.sameDocument"))
                .isEqualTo("yes");
        host.pageApi().post(TestPageConfig.oneAccount(2));
        awaitCard("pbx/1002");
        assertPageAnswersJava();
    }

    @Test
    void aDocumentThatIsNotTheBundledPageGetsNoBridgeNorMessages() throws Exception {
        awaitCard("pbx/1001");
        // Poll for the bridge from inside a foreign document: it reports through alert, not the bridge.
        fx(() -> {
            host.view()
                    .getEngine()
                    .setOnAlert(event -> received.add(
                            json.createObjectNode().put("type", "foreign").put("saw", event.getData())));
            host.view()
                    .getEngine()
                    .loadContent("<html><body><p id='elsewhere'>foreign</p><script>"
                            + "setInterval(() => alert(typeof window.deskphoneJava + ',' + typeof window.Deskphone), 20);"
                            + "</script></body></html>");
            return null;
        });
        Thread.sleep(1500);
        host.pageApi().post(TestPageConfig.oneAccount(2));
        // The foreign document is refused or replaced: the bundled page is showing and gets the config.
        awaitCard("pbx/1002");
        assertThat(js("document.getElementById('elsewhere') === null && location.href.endsWith('/index.html')"))
                .isEqualTo("true");
        assertThat(received)
                .filteredOn(m -> "foreign".equals(m.path("type").asText()))
                .allSatisfy(m -> assertThat(m.path("saw").asText()).isEqualTo("undefined,undefined"));
        assertPageAnswersJava();
    }

    @Test
    void thePagesPolicyStopsInlineScript() throws Exception {
        awaitCard("pbx/1001");
        assertThat(js("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                        + "document.body.appendChild(s); typeof window.inlineRan"))
                .isEqualTo("undefined");
        assertThat(js("document.body.setAttribute('onclick', 'window.handlerRan = true'); document.body.click();"
                        + "typeof window.handlerRan"))
                .isEqualTo("undefined");
    }

    @Test
    void aPageThatCannotLoadIsTriedAgainOnlyAFewTimes() throws Exception {
        Path directory = Files.createTempDirectory("deskphone-page");
        BundledPage gone = BundledPage.install(directory);
        Files.delete(Path.of(java.net.URI.create(gone.url())));
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        fx(() -> {
            WebViewHost broken =
                    new WebViewHost(json, (type, message) -> {}, Files.createTempDirectory("deskphone-webview"), gone);
            broken.view().getEngine().getLoadWorker().stateProperty().addListener((obs, old, state) -> {
                if (state == javafx.concurrent.Worker.State.SCHEDULED) {
                    loads.incrementAndGet();
                }
            });
            broken.load();
            return null;
        });
        Thread.sleep(4000);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(loads.get()).isBetween(2, 4);
    }

    private void assertPageAnswersJava() throws Exception {
        assertThat(json.readTree(js("deskphoneJava.send(JSON.stringify({type: 'ping'}))"))
                        .path("pong")
                        .asBoolean())
                .isTrue();
        js("deskphoneJava.send(JSON.stringify({type: 'probe', from: location.href})); 'sent'");
        assertThat(received).anyMatch(m -> "probe".equals(m.path("type").asText()));
    }

    private int readyCount() {
        return received.stream()
                .filter(m -> "ready".equals(m.path("type").asText()))
                .mapToInt(m -> 1)
                .sum();
    }

    private void awaitCard(String account) throws Exception {
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> "true".equals(js("document.querySelector('[data-account=\"" + account + "\"]') !== null")));
    }

    private String js(String script) throws Exception {
        return String.valueOf(fx(() -> host.view().getEngine().executeScript(script)));
    }

    private Object fx(Callable<Object> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }
}
