package dev.deskphone.app;

import dev.deskphone.bridge.WebViewHost;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The agent's window: the softphone page, nothing else. */
final class MainWindow {
    static final String TITLE = "Deskphone";

    private final Stage stage;

    MainWindow(Stage stage, WebViewHost host) {
        this.stage = stage;
        stage.setTitle(TITLE);
        stage.setMinWidth(360);
        stage.setMinHeight(480);
        stage.setScene(new Scene(host.view(), 440, 720));
    }

    void show() {
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

    Stage stage() {
        return stage;
    }
}
