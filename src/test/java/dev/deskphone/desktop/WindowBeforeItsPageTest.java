package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.bridge.BundledPage;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.state.DesktopStateStore;
import dev.deskphone.state.WindowGeometry;
import dev.deskphone.testsupport.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The main window opens before its page exists (start-up shows it as soon as JavaFX runs, before
 * WebKit starts): where it was last time, in the page's background, and the page then goes into
 * that same window.
 */
@ExtendWith(ApplicationExtension.class)
class WindowBeforeItsPageTest {
    private final ObjectMapper json = new ObjectMapper();
    private MainWindow window;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void needsADisplay() {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        if (window != null) {
            robot.interact(() -> window.stage().hide());
        }
    }

    @Test
    void theWindowOpensWhereItWasLastTimeInThePagesBackground(FxRobot robot) {
        DesktopStateStore state = new DesktopStateStore(dataDir, json, Runnable::run);
        state.update(s -> s.withWindow(new WindowGeometry(210, 150, 500, 640, false)));

        robot.interact(() -> window = MainWindow.openEmpty(state));

        Stage stage = window.stage();
        assertThat(stage.isShowing()).isTrue();
        assertThat(window.shownAt()).isPositive();
        assertThat(stage.getTitle()).isEqualTo(MainWindow.TITLE);
        assertThat(List.of(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()))
                .containsExactly(210.0, 150.0, 500.0, 640.0);
        assertThat(stage.getScene().getFill()).isEqualTo(MainWindow.PAGE_BACKGROUND);
        assertThat(stage.getScene().getRoot()).isNotInstanceOf(WebView.class);
    }

    @Test
    void closingItBeforeTheAppIsUpKeepsItOpen(FxRobot robot) {
        robot.interact(() -> window = MainWindow.openEmpty(new DesktopStateStore(dataDir, json, Runnable::run)));

        robot.interact(
                () -> window.stage().fireEvent(new WindowEvent(window.stage(), WindowEvent.WINDOW_CLOSE_REQUEST)));

        assertThat(window.stage().isShowing()).isTrue();
    }

    @Test
    void thePageGoesIntoTheSameWindowOnTheSameBackground(FxRobot robot) throws Exception {
        robot.interact(() -> window = MainWindow.openEmpty(new DesktopStateStore(dataDir, json, Runnable::run)));
        long shownAt = window.shownAt();
        BundledPage page = BundledPage.install(Files.createTempDirectory(dataDir, "page"));
        WebViewHost[] host = new WebViewHost[1];

        robot.interact(() -> {
            host[0] = new WebViewHost(json, (type, message) -> {}, dataDir.resolve("webview"), page);
            window.showPage(host[0]);
        });

        assertThat(window.stage().getScene().getRoot()).isSameAs(host[0].view());
        assertThat(host[0].view().getPageFill()).isEqualTo(MainWindow.PAGE_BACKGROUND);
        assertThat(window.stage().isShowing()).isTrue();
        assertThat(window.shownAt()).isEqualTo(shownAt);
    }
}
