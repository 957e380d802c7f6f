package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.accounts.AccountCommands;
import dev.deskphone.accounts.AccountStatusBoard;
import dev.deskphone.bridge.BundledPage;
import dev.deskphone.bridge.PageRouter;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.ringing.IncomingCallAlerts;
import dev.deskphone.state.DesktopStateStore;
import dev.deskphone.testsupport.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The incoming-call path from the page to the agent, in real windows: the page's {@code alert}
 * message through the bridge, a notification window and the ringtone even with the main window
 * hidden in the tray; Answer tells the page and brings the window forward; Decline tells the page
 * to refuse the call; {@code stop} dismisses. No key answers or declines, even when the window
 * manager gives the notification the focus.
 */
@ExtendWith(ApplicationExtension.class)
class IncomingCallNotificationTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<ObjectNode> fromPage = new CopyOnWriteArrayList<>();
    private final List<String> answeredInPage = new CopyOnWriteArrayList<>();
    private final List<String> declinedInPage = new CopyOnWriteArrayList<>();
    private final FakeRingtone ringtone = new FakeRingtone();
    private Stage mainStage;
    private WebViewHost host;
    private IncomingCallAlerts alerts;

    @BeforeAll
    static void needsADisplay() {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
    }

    @Start
    void start(Stage stage) throws Exception {
        mainStage = stage;
        Path dataDir = Files.createTempDirectory("deskphone-alerts");
        DesktopShell shell = new DesktopShell(
                stage,
                DesktopTray.NONE,
                new DesktopStateStore(dataDir, json, Runnable::run),
                new AccountCommands(new AccountStatusBoard(), m -> {}),
                () -> {});
        alerts = new IncomingCallAlerts(
                new CallNotificationWindows(), ringtone, answeredInPage::add, declinedInPage::add, shell::showWindow);
        PageRouter messages = PageRouter.builder()
                .on("alert", alerts::onPageMessage)
                .on("call-state", alerts::onCallState)
                .on(List.of("ready", "account-state", "settings"), (type, message) -> {})
                .build();
        host = new WebViewHost(
                json,
                (type, message) -> {
                    fromPage.add(message);
                    messages.onMessage(type, message);
                },
                dataDir.resolve("webview"),
                BundledPage.install(dataDir.resolve("page")));
        new MainWindow(stage, host).show();
        host.load();
    }

    @Test
    void anIncomingCallRingsAndNotifiesWithTheWindowHiddenAndAnswerBringsItForward(FxRobot robot) throws Exception {
        awaitReady();
        robot.interact(mainStage::hide);

        String reply = js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'incoming-call', call: 'c-1',"
                + " caller: 'Alice Example <1002>', account: 'pbx/1001'}))");

        assertThat(json.readTree(reply).path("ok").asBoolean()).as(reply).isTrue();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().size() == 1);
        assertThat(robot.lookup("#caller").queryAs(Label.class).getText()).isEqualTo("Alice Example <1002>");
        assertThat(ringtone.playing).as("ringtone").isTrue();
        assertThat(mainStage.isShowing()).isFalse();

        robot.clickOn("#answer");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> mainStage.isShowing());
        assertThat(answeredInPage).containsExactly("c-1");
        assertThat(notifications()).isEmpty();
        assertThat(ringtone.playing).isFalse();
    }

    @Test
    void theCallManagersStatesDriveTheAlerts() throws Exception {
        awaitReady();
        robot().interact(mainStage::hide);
        js(
                "deskphoneJava.send(JSON.stringify({type: 'call-state', callId: 'c-5', account: 'pbx/1001', direction: 'inbound',"
                        + " remote: 'Bob <1005>', state: 'ringing'}))");
        js(
                "deskphoneJava.send(JSON.stringify({type: 'call-state', callId: 'c-6', account: 'pbx/1001', direction: 'outbound',"
                        + " remote: '1006', state: 'ringing'}))");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().size() == 1);
        assertThat(ringtone.playing).isTrue();

        js(
                "deskphoneJava.send(JSON.stringify({type: 'call-state', callId: 'c-5', account: 'pbx/1001', direction: 'inbound',"
                        + " remote: 'Bob <1005>', state: 'established'}))");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> mainStage.isShowing());
        assertThat(notifications()).isEmpty();
        assertThat(ringtone.playing).isFalse();
    }

    @Test
    void aCallThePageAnswersAtOnceNeitherNotifiesNorRingsButItsWindowComesForward() throws Exception {
        awaitReady();
        robot().interact(mainStage::hide);
        js(
                "deskphoneJava.send(JSON.stringify({type: 'call-state', callId: 'c-7', account: 'pbx/1001', direction: 'inbound',"
                        + " remote: 'Bob <1005>', state: 'ringing', autoAnswerAtOnce: true}))");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(notifications()).isEmpty();
        assertThat(ringtone.starts).as("no ringtone").hasValue(0);
        assertThat(mainStage.isShowing()).isFalse();

        js(
                "deskphoneJava.send(JSON.stringify({type: 'call-state', callId: 'c-7', account: 'pbx/1001', direction: 'inbound',"
                        + " remote: 'Bob <1005>', state: 'established', autoAnswerAtOnce: true}))");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> mainStage.isShowing());
        assertThat(notifications()).isEmpty();
        assertThat(ringtone.starts).hasValue(0);
    }

    @Test
    void declineTellsThePageToRefuseTheCallAndStopsTheAlert(FxRobot robot) throws Exception {
        awaitReady();
        js("deskphoneJava.send(JSON.stringify({type: 'call-state', callId: 'c-3', account: 'pbx/1001',"
                + " direction: 'inbound', remote: 'sip:1003@pbx.test', remoteDisplayName: 'Carol Client',"
                + " state: 'ringing'}))");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().size() == 1);

        robot.clickOn("#decline");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().isEmpty());
        assertThat(declinedInPage).containsExactly("c-3");
        assertThat(answeredInPage).isEmpty();
        assertThat(ringtone.playing).isFalse();
    }

    @Test
    void theAlertNamesTheCallerAsTheCardDoesWithTheAddressUnderIt(FxRobot robot) throws Exception {
        awaitReady();
        js("deskphoneJava.send(JSON.stringify({type: 'call-state', callId: 'c-4', account: 'pbx/1001',"
                + " direction: 'inbound', remote: 'sip:1004@pbx.test',"
                + " remoteDisplayName: '<b>Dora</b> ' + 'x'.repeat(400), state: 'ringing'}))");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().size() == 1);

        String caller = robot.lookup("#caller").queryAs(Label.class).getText();
        assertThat(caller).as("the name as text, markup and all, clipped").startsWith("<b>Dora</b> xxx");
        assertThat(caller.codePointCount(0, caller.length())).isLessThanOrEqualTo(256);
        assertThat(robot.lookup("#caller-uri").queryAs(Label.class).getText()).isEqualTo("sip:1004@pbx.test");
        Button answer = robot.lookup("#answer").queryAs(Button.class);
        assertThat(answer.isDefaultButton()).as("no default button").isFalse();
        assertThat(answer.isFocusTraversable()).isFalse();
    }

    @Test
    void noKeyAnswersOrDeclinesEvenWhenTheAlertHasTheFocus(FxRobot robot) throws Exception {
        awaitReady();
        js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'incoming-call', call: 'c-8', caller: 'Eve'}))");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().size() == 1);
        Window alert = notifications().get(0);
        // The worst case: a window manager that focuses the new window while the agent types.
        robot.interact(alert::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();

        robot.type(KeyCode.ENTER).type(KeyCode.SPACE).type(KeyCode.ESCAPE).type(KeyCode.TAB, KeyCode.ENTER);
        robot.write("a d\n");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(answeredInPage).isEmpty();
        assertThat(declinedInPage).isEmpty();
        assertThat(notifications()).as("still ringing").hasSize(1);
        assertThat(ringtone.playing).isTrue();
        assertThat(alert.getScene().getFocusOwner())
                .as("nothing in the alert holds the keyboard focus")
                .isNull();
    }

    private FxRobot robot() {
        return new FxRobot();
    }

    @Test
    void theRingtoneStopsWhenTheLastRingingCallStops() throws Exception {
        awaitReady();
        js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'incoming-call', call: 'c-1', caller: '1002'}))");
        js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'incoming-call', call: 'c-2', caller: '1003'}))");
        js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'incoming-call', call: 'c-2', caller: '1003'}))");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().size() == 2);
        assertThat(ringtone.starts).as("one ringtone for both calls").hasValue(1);

        js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'stop', call: 'c-1'}))");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(notifications()).hasSize(1);
        assertThat(ringtone.playing).isTrue();

        js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'stop', call: 'c-2'}))");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().isEmpty());
        assertThat(ringtone.playing).isFalse();
        assertThat(answeredInPage).isEmpty();
    }

    @Test
    void aCallAnsweredInThePageBringsTheWindowForward(FxRobot robot) throws Exception {
        awaitReady();
        js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'incoming-call', call: 'c-9', caller: '1009'}))");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> notifications().size() == 1);
        robot.interact(mainStage::hide);

        js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'stop', call: 'c-9', answered: true}))");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> mainStage.isShowing());
        assertThat(notifications()).isEmpty();
    }

    @Test
    void aMalformedAlertIsAnsweredWithAnErrorNamingTheField() throws Exception {
        awaitReady();
        assertThat(json.readTree(js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'incoming-call'}))"))
                        .path("error")
                        .asText())
                .contains("\"call\"");
        assertThat(json.readTree(js("deskphoneJava.send(JSON.stringify({type: 'alert', kind: 'boom', call: 'x'}))"))
                        .path("error")
                        .asText())
                .contains("kind");
        assertThat(notifications()).isEmpty();
    }

    private List<Window> notifications() {
        return Window.getWindows().stream()
                .filter(Window::isShowing)
                .filter(w -> w.getScene() != null
                        && w.getScene().getRoot().getStyleClass().contains(CallNotificationWindows.STYLE_CLASS))
                .toList();
    }

    private void awaitReady() throws Exception {
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> fromPage.stream()
                        .anyMatch(m -> "ready".equals(m.path("type").asText())));
    }

    private String js(String script) throws Exception {
        Callable<Object> call = () -> host.view().getEngine().executeScript(script);
        return String.valueOf(WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS));
    }

    private static final class FakeRingtone implements IncomingCallAlerts.Ringtone {
        volatile boolean playing;
        final AtomicInteger starts = new AtomicInteger();

        @Override
        public void start() {
            playing = true;
            starts.incrementAndGet();
        }

        @Override
        public void stop() {
            playing = false;
        }
    }
}
