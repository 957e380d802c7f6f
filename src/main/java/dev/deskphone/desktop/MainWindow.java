package dev.deskphone.desktop;

import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.platform.StartupSteps;
import dev.deskphone.state.DesktopStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's window: the softphone page, nothing else (its background alone until the page is in). */
public final class MainWindow {
    private static final Logger log = LoggerFactory.getLogger(MainWindow.class);
    static final String TITLE = "Deskphone";
    /** The sizes of the app icon on the class path (from packaging/icons): the window manager picks one per use. */
    static final List<Integer> ICON_SIZES = List.of(16, 32, 48, 128, 256);

    /** The page's own background (web/css/deskphone.css, --bg): the window shows it until the page paints. */
    static final Color PAGE_BACKGROUND = Color.web("#f5f6f8");

    private final Stage stage;
    private long shownAt;

    /** The window without its page yet: it shows the page's background until {@link #showPage} puts the page in. */
    public MainWindow(Stage stage) {
        this.stage = stage;
        stage.setTitle(TITLE);
        // No narrower than the width its top bar is laid out and tested for (WindowSnapshotTest):
        // every status item there reads whole down to it.
        stage.setMinWidth(440);
        stage.setMinHeight(480);
        stage.setScene(new Scene(new Pane(), 440, 720, PAGE_BACKGROUND));
    }

    public MainWindow(Stage stage, WebViewHost host) {
        this(stage);
        showIcons();
        showPage(host);
    }

    /** The taskbar and the window switcher show this icon (on X11 as _NET_WM_ICON), not the desktop entry's. */
    void showIcons() {
        stage.getIcons().setAll(ICON_SIZES.stream().map(MainWindow::icon).toList());
    }

    /**
     * Opens the window before anything else of the app is ready, where it was last time: creating the
     * WebView (loading WebKit) and the app's wiring come after it (architecture.md, "Start-up order").
     * Closing it waits until the app is up. FX thread.
     */
    public static MainWindow openEmpty(DesktopStateStore state) {
        Stage stage = new Stage();
        stage.setOnCloseRequest(Event::consume);
        MainWindow window = new MainWindow(stage);
        DesktopShell.placeAsLastTime(stage, state);
        window.show();
        // Decoding the five icons takes the FX thread ~0.1 s: after the window's first frame.
        Platform.runLater(window::showIcons);
        StartupSteps.markAt("window shown", window.shownAt());
        log.info("Window shown {} ms after the JVM started", StartupSteps.sinceJvmStart(window.shownAt()));
        return window;
    }

    /** Puts the page in the window, on the same background until the page paints. */
    public void showPage(WebViewHost host) {
        host.setPageBackground(PAGE_BACKGROUND);
        stage.getScene().setRoot(host.view());
    }

    private static Image icon(int size) {
        String resource = "/icons/deskphone-" + size + ".png";
        try (InputStream in = MainWindow.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("icon resource missing: " + resource);
            }
            return new Image(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public void show() {
        stage.show();
        if (shownAt == 0) {
            shownAt = System.currentTimeMillis();
        }
    }

    /** When the window was first shown (epoch ms), 0 before. */
    public long shownAt() {
        return shownAt;
    }

    /** Brings the window forward (a second launch, a dial request). */
    void activate() {
        if (stage.isIconified()) {
            stage.setIconified(false);
        }
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }

    public Stage stage() {
        return stage;
    }
}
