package dev.deskphone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.bridge.BundledPage;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.desktop.MainWindow;
import dev.deskphone.sip.KeepAliveTimer;
import dev.deskphone.sip.SipSockets;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.Kamailio;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The account cards' Register/Unregister buttons in the real window, seen from a real Kamailio. */
@ExtendWith(ApplicationExtension.class)
class AccountControlsIT {
    private static Kamailio pbx;
    private final ObjectMapper json = new ObjectMapper();
    private final List<ObjectNode> states = new CopyOnWriteArrayList<>();
    private WebViewHost host;
    private SipSockets sockets;
    private ScheduledExecutorService keepAlives;

    @BeforeAll
    static void startPbx() throws Exception {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
        pbx = Kamailio.start(Files.createTempDirectory("deskphone-pbx"), Map.of("1001", "pw-1001", "1002", "pw-1002"));
    }

    @AfterAll
    static void stopPbx() throws Exception {
        pbx.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        // The page's SIP WebSockets run in Java, as in the app (ADR 0007): plain ws:// here, so no TLS.
        keepAlives = Executors.newSingleThreadScheduledExecutor();
        sockets = new SipSockets(
                CompletableFuture.completedFuture(server -> {
                    throw new IllegalStateException("this test's PBX speaks plain ws://, not " + server);
                }),
                message -> host.pageApi().post(message),
                KeepAliveTimer.on(keepAlives),
                Runnable::run);
        host = new WebViewHost(
                json,
                (type, message) -> {
                    switch (type) {
                        case "account-state" -> states.add(message);
                        case "ws-open", "ws-send", "ws-close" -> sockets.handle(type, message);
                        default -> {}
                    }
                },
                Files.createTempDirectory("deskphone-webview"),
                BundledPage.install(Files.createTempDirectory("deskphone-page")));
        host.pageApi()
                .post(Map.of(
                        "type",
                        "config",
                        "maxAccounts",
                        6,
                        "profiles",
                        List.of(),
                        "accounts",
                        List.of(account("1001", "pw-1001"), account("1002", "pw-1002"))));
        new MainWindow(stage, host).show();
        host.load();
    }

    @AfterEach
    void closeSockets() {
        sockets.close();
        keepAlives.shutdownNow();
    }

    @Test
    void unregisterAndRegisterOneAccountLeavesTheOtherAlone() throws Exception {
        awaitPbx(Set.of("1001", "1002"));
        awaitState("pbx/1001", "registered");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> "registered".equals(js("document.querySelector('[data-account=\"pbx/1001\"]').dataset.state")));

        click("pbx/1001", "unregister");
        awaitPbx(Set.of("1002"));
        awaitState("pbx/1001", "unregistered");
        assertThat(js("document.querySelector('[data-account=\"pbx/1002\"]').dataset.state"))
                .isEqualTo("registered");

        click("pbx/1001", "register");
        awaitPbx(Set.of("1001", "1002"));
        awaitState("pbx/1001", "registered");
    }

    private Map<String, Object> account(String extension, String password) {
        return Map.ofEntries(
                Map.entry("id", "pbx/" + extension),
                Map.entry("profile", "pbx"),
                Map.entry("extension", extension),
                Map.entry("displayName", "Agent " + extension),
                Map.entry("authUsername", extension),
                Map.entry("password", password),
                Map.entry("server", pbx.wsUrl()),
                Map.entry("domain", Kamailio.DOMAIN),
                Map.entry("registerExpires", 600),
                Map.entry("iceGatheringTimeoutMs", 1000),
                Map.entry("iceServers", List.of()));
    }

    private void click(String account, String action) throws Exception {
        js("document.querySelector('[data-account=\"" + account + "\"] button[data-action=\"" + action
                + "\"]').click(); 'clicked'");
    }

    private void awaitPbx(Set<String> extensions) throws Exception {
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> pbx.registeredExtensions().equals(extensions));
    }

    private void awaitState(String account, String state) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            ObjectNode last = null;
            for (ObjectNode message : states) {
                if (account.equals(message.path("account").asText())) {
                    last = message;
                }
            }
            return last != null && state.equals(last.path("state").asText());
        });
    }

    private String js(String script) throws Exception {
        Callable<Object> call = () -> host.view().getEngine().executeScript(script);
        return String.valueOf(WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS));
    }
}
