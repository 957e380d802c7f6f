package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.accounts.AccountCommands;
import dev.deskphone.accounts.AccountStatus;
import dev.deskphone.accounts.AccountStatusBoard;
import dev.deskphone.state.DesktopStateStore;
import dev.deskphone.state.WindowGeometry;
import dev.deskphone.testsupport.ExternalTools;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window on the desktop, in a real window: close hides to the tray (accounts untouched) where a
 * tray exists, quits where none does (Xvfb has no tray, so the tray is a fake behind its interface),
 * the tray's actions, and the remembered placement.
 */
@ExtendWith(ApplicationExtension.class)
class DesktopShellTest {
    private final ObjectMapper json = new ObjectMapper();
    private final AccountStatusBoard board = new AccountStatusBoard();
    private final List<Object> toPage = new CopyOnWriteArrayList<>();
    private final AtomicInteger quits = new AtomicInteger();
    private Stage stage;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void needsADisplay() {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setMinWidth(360);
        stage.setMinHeight(480);
        stage.setScene(new Scene(new Label("the softphone page"), 440, 600));
        stage.show();
    }

    private DesktopShell shell(DesktopTray tray) throws Exception {
        DesktopStateStore store = new DesktopStateStore(dataDir, json, Runnable::run);
        AccountCommands accounts = new AccountCommands(board, toPage::add);
        DesktopShell shell = WaitForAsyncUtils.asyncFx(
                        () -> new DesktopShell(stage, tray, store, accounts, quits::incrementAndGet))
                .get(5, TimeUnit.SECONDS);
        shell.startTray(board); // the app does this on a background thread
        return shell;
    }

    private void closeWindow(FxRobot robot) {
        robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    }

    @Test
    void theTraySetsDoNotDisturbForEveryAccountAndShowsIt() throws Exception {
        FakeTray tray = new FakeTray(true);
        board.update(new AccountStatus("pbx/1001", "registered", null, null, 0));
        DesktopStateStore store = new DesktopStateStore(dataDir, json, Runnable::run);
        DesktopShell shell = WaitForAsyncUtils.asyncFx(() -> new DesktopShell(
                        stage, tray, store, new AccountCommands(board, toPage::add), quits::incrementAndGet))
                .get(5, TimeUnit.SECONDS);
        dev.deskphone.accounts.AccountAvailability availability = new dev.deskphone.accounts.AccountAvailability(
                store.get().dndAccounts(), dnd -> store.update(s -> s.withDnd(dnd)));
        availability.configured(List.of("pbx/1001"));
        shell.startTray(board, availability);

        tray.actions.doNotDisturb(true);

        assertThat(availability.dnd()).containsExactly("pbx/1001");
        assertThat(new DesktopStateStore(dataDir, json, Runnable::run).get().dndAccounts())
                .as("remembered for the next start")
                .containsExactly("pbx/1001");
        assertThat(tray.statuses.get(tray.statuses.size() - 1).tooltip())
                .isEqualTo("Deskphone: registered 1/1, Do not disturb");
        assertThat(tray.statuses.get(tray.statuses.size() - 1).allDnd()).isTrue();
        tray.actions.doNotDisturb(false);
        assertThat(availability.dnd()).isEmpty();
    }

    @Test
    void withATrayClosingTheWindowHidesItAndKeepsTheAccountsRegistered(FxRobot robot) throws Exception {
        FakeTray tray = new FakeTray(true);
        board.update(new AccountStatus("pbx/1001", "registered", null, null, 0));
        shell(tray);

        closeWindow(robot);

        assertThat(stage.isShowing()).as("window hidden").isFalse();
        assertThat(quits).as("the app keeps running").hasValue(0);
        assertThat(toPage).as("no account was unregistered").isEmpty();
        assertThat(tray.checkboxState)
                .as("close-to-tray is on by default where there is a tray")
                .isTrue();

        tray.actions.showWindow();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.isShowing())
                .as("the tray's Show brings the window back")
                .isTrue();
    }

    @Test
    void withoutATrayClosingTheWindowQuits(FxRobot robot) throws Exception {
        FakeTray tray = new FakeTray(false);
        shell(tray);

        closeWindow(robot);

        assertThat(quits).hasValue(1);
        assertThat(tray.actions).as("no tray icon was shown").isNull();
    }

    @Test
    void theTrayShowsRegistrationStatusAndItsActionsReachThePage() throws Exception {
        FakeTray tray = new FakeTray(true);
        shell(tray);

        board.update(new AccountStatus("pbx/1001", "registered", null, null, 0));
        board.update(new AccountStatus("pbx/1002", "failed", 403, "Forbidden", 0));
        assertThat(tray.statuses.get(tray.statuses.size() - 1).tooltip()).isEqualTo("Deskphone: registered 1/2");

        tray.actions.unregisterAll();
        tray.actions.registerAll();
        assertThat(toPage.stream()
                        .map(m -> String.valueOf(((java.util.Map<?, ?>) m).get("name")))
                        .toList())
                .containsExactly("unregister", "unregister", "register", "register");

        tray.actions.quit();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(quits).as("the tray's Quit really quits").hasValue(1);
    }

    @Test
    void turningCloseToTrayOffMakesCloseQuitAndIsRemembered(FxRobot robot) throws Exception {
        FakeTray tray = new FakeTray(true);
        shell(tray);

        tray.actions.closeToTrayChanged(false);
        closeWindow(robot);

        assertThat(quits).hasValue(1);
        assertThat(new DesktopStateStore(dataDir, json, Runnable::run).get().closeToTray())
                .isFalse();
        FakeTray nextRun = new FakeTray(true);
        shell(nextRun);
        assertThat(nextRun.checkboxState).isFalse();
    }

    @Test
    void theWindowReopensWhereItWasClosed(FxRobot robot) throws Exception {
        shell(new FakeTray(true));
        robot.interact(() -> {
            stage.setX(210);
            stage.setY(150);
            stage.setWidth(500);
            stage.setHeight(640);
        });
        closeWindow(robot);

        WindowGeometry saved =
                new DesktopStateStore(dataDir, json, Runnable::run).get().window();
        assertThat(saved).isEqualTo(new WindowGeometry(210, 150, 500, 640, false));

        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(400);
            stage.setHeight(500);
        });
        DesktopStateStore nextRun = new DesktopStateStore(dataDir, json, Runnable::run);
        robot.interact(() -> DesktopShell.placeAsLastTime(stage, nextRun));
        assertThat(List.of(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()))
                .containsExactly(210.0, 150.0, 500.0, 640.0);
    }
}
