package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.ringing.IncomingCall;
import dev.deskphone.testsupport.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The incoming-call window appears without taking the keyboard from the application the agent is
 * typing in, under a real window manager (Openbox, which gives new windows the focus unless they
 * decline it): the other window keeps the focus and every key typed after the alert appeared, and
 * Enter answers nothing.
 */
@ExtendWith(ApplicationExtension.class)
class AlertFocusTest {
    private static Process windowManager;

    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final List<String> declined = new CopyOnWriteArrayList<>();
    private Stage editor;
    private TextField field;
    private CallNotificationWindows notifications;

    @BeforeAll
    static void underAWindowManagerThatFocusesNewWindows() throws Exception {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
        Path openbox = ExternalTools.require("openbox");
        Path started = Files.createTempDirectory("deskphone-wm").resolve("started");
        // Openbox runs its --startup command once it manages the screen.
        windowManager = new ProcessBuilder(openbox.toString(), "--sm-disable", "--startup", "touch " + started)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> Files.exists(started) || !windowManager.isAlive());
        assertThat(windowManager.isAlive()).as("openbox runs").isTrue();
    }

    @AfterAll
    static void stopTheWindowManager() throws Exception {
        if (windowManager != null) {
            windowManager.destroy();
            windowManager.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Start
    void start(Stage stage) {
        editor = stage;
        field = new TextField();
        field.setId("editor");
        stage.setTitle("Another application");
        stage.setScene(new Scene(field, 400, 80));
        stage.setX(40);
        stage.setY(40);
        stage.show();
        notifications = new CallNotificationWindows();
    }

    @Test
    void theWindowTheAgentTypesInKeepsTheKeyboardWhenACallRings(FxRobot robot) throws Exception {
        robot.interact(() -> {
            editor.toFront();
            editor.requestFocus();
            field.requestFocus();
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> editor.isFocused() && field.isFocused());
        robot.write("before ");

        robot.interact(() -> notifications.show(
                new IncomingCall("c-1", "Alice Example", "sip:1002@pbx.test", "pbx/1001"),
                () -> answered.add("c-1"),
                () -> declined.add("c-1"),
                () -> {}));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> alert() != null);
        // Time for the window manager to map and place the alert, and to focus it were that allowed.
        WaitForAsyncUtils.sleep(1, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        robot.write("after");
        robot.type(KeyCode.ENTER).type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(field.getText())
                .as("every key reached the window the agent types in")
                .isEqualTo("before after ");
        assertThat(editor.isFocused()).as("the agent's window keeps the focus").isTrue();
        assertThat(answered).as("Enter answers nothing").isEmpty();
        assertThat(declined).isEmpty();
        robot.interact(() -> notifications.dismiss("c-1"));
    }

    private static Window alert() {
        return Window.getWindows().stream()
                .filter(Window::isShowing)
                .filter(w -> w.getScene() != null
                        && w.getScene().getRoot().getStyleClass().contains(CallNotificationWindows.STYLE_CLASS))
                .findFirst()
                .orElse(null);
    }
}
