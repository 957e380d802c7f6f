package dev.deskphone.desktop;

import dev.deskphone.bridge.WebViewHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The agent's window: the softphone page, nothing else. */
public final class MainWindow {
    static final String TITLE = "Deskphone";
    /** The sizes of the app icon on the class path (from packaging/icons): the window manager picks one per use. */
    static final List<Integer> ICON_SIZES = List.of(16, 32, 48, 128, 256);

    private final Stage stage;

    public MainWindow(Stage stage, WebViewHost host) {
        this.stage = stage;
        stage.setTitle(TITLE);
        // The taskbar and the window switcher show this icon (on X11 as _NET_WM_ICON), not the desktop entry's.
        stage.getIcons().setAll(ICON_SIZES.stream().map(MainWindow::icon).toList());
        // No narrower than the width its top bar is laid out and tested for (WindowSnapshotTest):
        // every status item there reads whole down to it.
        stage.setMinWidth(440);
        stage.setMinHeight(480);
        stage.setScene(new Scene(host.view(), 440, 720));
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
