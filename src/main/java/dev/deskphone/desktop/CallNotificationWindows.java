package dev.deskphone.desktop;

import dev.deskphone.ringing.IncomingCall;
import dev.deskphone.ringing.IncomingCallAlerts;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

/**
 * The incoming-call notification: a small always-on-top window in the corner of the screen, one per
 * ringing call, shown whether or not the main window is visible, with Answer and Show buttons.
 * (JavaFX rather than the desktop's notification service: it works the same on every desktop, also
 * where no notification daemon runs, and its buttons can answer the call.) FX thread.
 */
public final class CallNotificationWindows implements IncomingCallAlerts.Notifier {
    static final String STYLE_CLASS = "incoming-call-notification";
    private static final double WIDTH = 320;
    private static final double HEIGHT = 112;
    private static final double MARGIN = 12;

    private final Map<String, Stage> open = new LinkedHashMap<>();

    @Override
    public void show(IncomingCall call, Runnable answer, Runnable showWindow) {
        Stage stage = new Stage(StageStyle.UTILITY);
        stage.setTitle("Incoming call: " + call.caller());
        stage.setAlwaysOnTop(true);
        stage.setResizable(false);
        stage.setScene(new Scene(content(call, answer, showWindow), WIDTH, HEIGHT));
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setX(screen.getMaxX() - WIDTH - MARGIN);
        stage.setY(screen.getMaxY() - (HEIGHT + MARGIN) * (open.size() + 1));
        // Closing the notification only hides it: the call keeps ringing in the page.
        stage.setOnCloseRequest(event -> open.remove(call.callId()));
        open.put(call.callId(), stage);
        stage.show();
    }

    @Override
    public void dismiss(String callId) {
        Stage stage = open.remove(callId);
        if (stage != null) {
            stage.close();
        }
    }

    private static VBox content(IncomingCall call, Runnable answer, Runnable showWindow) {
        Label title = new Label("Incoming call");
        title.setStyle("-fx-font-size: 11px; -fx-text-fill: #5f6b6a;");
        Label caller = new Label(call.caller());
        caller.setId("caller");
        caller.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");
        Label account = new Label(call.account() == null ? "" : "to " + call.account());
        account.setStyle("-fx-font-size: 11px; -fx-text-fill: #5f6b6a;");
        ImageView icon = new ImageView(new Image(CallNotificationWindows.class
                .getResource("/icons/deskphone-48.png")
                .toExternalForm()));
        VBox text = new VBox(2, title, caller, account);
        HBox header = new HBox(10, icon, text);
        header.setAlignment(Pos.CENTER_LEFT);

        Button answerButton = new Button("Answer");
        answerButton.setId("answer");
        answerButton.setDefaultButton(true);
        answerButton.setOnAction(e -> answer.run());
        Button showButton = new Button("Show");
        showButton.setId("show");
        showButton.setOnAction(e -> showWindow.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, showButton, answerButton);

        VBox root = new VBox(8, header, buttons);
        root.getStyleClass().add(STYLE_CLASS);
        root.setPadding(new Insets(10, 12, 10, 12));
        root.setStyle("-fx-background-color: white; -fx-border-color: #14a38b; -fx-border-width: 0 0 0 4;");
        return root;
    }
}
