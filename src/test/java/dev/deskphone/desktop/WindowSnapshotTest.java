package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.bridge.BundledPage;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.testsupport.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the window's main states at its default size (440x720), compared with the reviewed
 * references in {@code src/test/resources/snapshots/}: a change of look is a change to those PNGs,
 * seen in review. The page runs in a real WebView; {@link FakePbxBridge} plays Java and the PBX
 * with the page's own bridge messages, so every state is reached as an agent reaches it (config,
 * REGISTER, INVITE, Answer, Hold, BYE).
 *
 * <p>Run under Xvfb at 1280x1024x24 (fonts and anti-aliasing make the pictures; other displays
 * differ): {@code xvfb-run -a -s "-screen 0 1280x1024x24" ./mvnw -B -o test -DskipWebTests=true
 * -Dtest=WindowSnapshotTest}. After a meant change of look, regenerate the references with the
 * same command plus {@code -Dsnapshots.update=true}, and review the PNGs before committing them.
 * A mismatch leaves the actual picture and a diff in {@code target/snapshots/}.
 */
@ExtendWith(ApplicationExtension.class)
class WindowSnapshotTest {
    private static final Map<String, Object> PROFILE = Map.of(
            "name",
            "main",
            "server",
            "wss://pbx.test:8443/ws",
            "domain",
            "pbx.test",
            "locked",
            false,
            "wrapUpSeconds",
            120,
            "dispositions",
            List.of("sale", "no sale"));

    private final ObjectMapper json = new ObjectMapper();
    private final List<ObjectNode> fromPage = new CopyOnWriteArrayList<>();
    private volatile Map<String, Object> config;
    private volatile Set<String> refused = Set.of();
    private WebViewHost host;
    private FakePbxBridge pbx;
    private Stage stage;

    @BeforeAll
    static void needsADisplay() {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dataDir = Files.createTempDirectory("deskphone-snapshots");
        host = new WebViewHost(
                json,
                (type, message) -> {
                    fromPage.add(message);
                    if ("ready".equals(type)) {
                        host.pageApi().post(config);
                        host.pageApi()
                                .post(Map.of(
                                        "type",
                                        "backend-status",
                                        "state",
                                        "online",
                                        "pending",
                                        0,
                                        "dead",
                                        0,
                                        "capacity",
                                        1000));
                        host.pageApi().post(Map.of("type", "audio-devices", "available", true));
                    }
                    pbx.onPageMessage(type, message);
                },
                dataDir.resolve("webview"),
                BundledPage.install(dataDir.resolve("page")));
        new MainWindow(stage, host).show();
    }

    @Test
    void firstRun() throws Exception {
        load(Map.of("type", "config", "maxAccounts", 6, "accounts", List.of(), "profiles", List.of()));
        await("document.body.dataset.config === 'first-run'");
        snapshot("first-run");
    }

    @Test
    void idleWithSixAccounts() throws Exception {
        load(sixAccounts());
        awaitRegistered(6);
        snapshot("idle-six-accounts");
        assertTopBarReadsWhole("idle");
    }

    @Test
    void theTopBarReadsWholeAtTheNarrowestWidthWhenEverythingHasSomethingToSay() throws Exception {
        load(sixAccounts());
        awaitRegistered(6);
        List<String> all =
                IntStream.rangeClosed(1, 6).mapToObj(n -> "main/100" + n).toList();
        fx(() -> {
            host.pageApi()
                    .post(Map.of(
                            "type",
                            "backend-status",
                            "state",
                            "unauthorized",
                            "pending",
                            850,
                            "dead",
                            2,
                            "capacity",
                            1000));
            host.pageApi().post(Map.of("type", "availability", "dnd", all.subList(0, 3)));
            host.pageApi().post(Map.of("type", "history", "entries", List.of(), "unseenMissed", 128));
            return null;
        });
        await("document.getElementById('availability').dataset.state === 'some-dnd'"
                + " && !document.querySelector('[data-role=missed-count]').hidden");
        assertTopBarReadsWhole("some accounts in DND, backend refusing the token, 128 missed");

        fx(() -> {
            host.pageApi().post(Map.of("type", "availability", "dnd", all));
            host.pageApi()
                    .post(Map.of(
                            "type", "backend-status", "state", "offline", "pending", 850, "dead", 0, "capacity", 1000));
            return null;
        });
        await("document.getElementById('availability').dataset.state === 'dnd'");
        assertTopBarReadsWhole("all accounts in DND, backend offline");
    }

    @Test
    void anAccountFailed() throws Exception {
        refused = Set.of("1004");
        load(sixAccounts());
        awaitRegistered(5);
        await("document.querySelector('[data-extension=\"1004\"]').dataset.tone === 'error'");
        // The agent scrolls to the red card: the picture shows what it says.
        js("document.querySelector('[data-extension=\"1004\"]').scrollIntoView({block: 'center'})");
        await("true");
        snapshot("account-failed");
    }

    @Test
    void ringingInCallOnHoldAndWrapUp() throws Exception {
        load(sixAccounts());
        awaitRegistered(6);

        fx(() -> {
            pbx.ring("1001", "Carol Client", "2001");
            return null;
        });
        await("document.querySelector('.call-card[data-state=ringing]') !== null");
        snapshot("ringing");
        assertTopBarReadsWhole("ringing");

        js("document.querySelector('.call-card [data-action=answer]').click()");
        await("document.querySelector('.call-card[data-state=established] [data-role=quality][data-grade]') !== null");
        // The agent's pointer and focus are elsewhere: the button just clicked shows no focus ring.
        js("document.activeElement.blur()");
        snapshot("in-call");

        js("document.querySelector('.call-card [data-action=hold]').click()");
        await("document.querySelector('.call-card[data-held=true]') !== null");
        js("document.activeElement.blur()");
        snapshot("on-hold");

        fx(() -> {
            pbx.hangUp();
            return null;
        });
        await("document.querySelector('form.wrapup') !== null && document.querySelector('.call-card') === null");
        js("document.activeElement.blur()");
        snapshot("wrap-up");
        assertTopBarReadsWhole("wrap-up");
    }

    private Map<String, Object> sixAccounts() {
        List<Map<String, Object>> accounts = IntStream.rangeClosed(1, 6)
                .mapToObj(n -> {
                    Map<String, Object> account = new LinkedHashMap<>();
                    account.put("id", "main/100" + n);
                    account.put("profile", "main");
                    account.put("extension", "100" + n);
                    account.put("displayName", "Agent " + n);
                    account.put("authUsername", "100" + n);
                    account.put("password", "secret-" + n);
                    account.put("server", "wss://pbx.test:8443/ws");
                    account.put("domain", "pbx.test");
                    account.put("registerExpires", 300);
                    return account;
                })
                .toList();
        return Map.of("type", "config", "maxAccounts", 6, "accounts", accounts, "profiles", List.of(PROFILE));
    }

    private void load(Map<String, Object> config) throws Exception {
        this.config = config;
        // Answers arrive later, as from the network: never inside the page's own call into Java.
        pbx = new FakePbxBridge(
                message -> Platform.runLater(() -> host.pageApi().post(message)), refused);
        fx(() -> {
            host.load();
            return null;
        });
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> fromPage.stream()
                        .anyMatch(m -> "ready".equals(m.path("type").asText())));
    }

    private void awaitRegistered(int count) throws Exception {
        await("document.querySelectorAll('.account-card[data-state=registered]').length === " + count);
    }

    private void await(String condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "true".equals(js(condition)));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the page never reached: " + condition + "; its last messages: "
                    + fromPage.subList(Math.max(0, fromPage.size() - 25), fromPage.size()));
        }
        // Let WebKit lay out and paint what the last message changed.
        WaitForAsyncUtils.sleep(400, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void snapshot(String name) throws Exception {
        Image image = fx(() -> stage.getScene().getRoot().snapshot(null, null));
        assertThat((int) image.getWidth()).isEqualTo(440);
        assertThat((int) image.getHeight()).isEqualTo(720);
        PageSnapshots.assertMatches(name, image);
    }

    /**
     * At the window's default and narrowest tested width (440 px) every item of the top bar shows
     * whole: none is cut with an ellipsis (its text wider than its box) and none reaches past the bar.
     */
    private void assertTopBarReadsWhole(String state) throws Exception {
        String cut = js("""
                (() => {
                  const bar = document.querySelector('.topbar');
                  const edge = bar.getBoundingClientRect().right;
                  return [bar, ...bar.querySelectorAll('*')]
                    .filter((e) => e.getClientRects().length > 0)
                    .filter((e) => (e.clientWidth > 0 && e.scrollWidth > e.clientWidth)
                      || e.getBoundingClientRect().right > edge + 0.5)
                    .map((e) => (e.id || e.className || e.tagName) + ' "' + e.textContent + '" '
                      + e.scrollWidth + '>' + e.clientWidth)
                    .join('; ');
                })()""");
        assertThat(cut).as("top bar items cut at 440 px (" + state + ")").isEmpty();
    }

    private String js(String script) throws Exception {
        return String.valueOf(fx(() -> host.view().getEngine().executeScript(script)));
    }

    private static <T> T fx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }
}
