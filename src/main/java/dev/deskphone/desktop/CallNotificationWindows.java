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
import javafx.scene.control.OverrunStyle;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

/**
 * The incoming-call notification: a small always-on-top window in the corner of the screen, one per
 * ringing call, shown whether or not the main window is visible, with the caller's name (as the
 * call card shows it) and Answer, Decline and Show buttons. (JavaFX rather than the desktop's
 * notification service: it works the same on every desktop, also where no notification daemon
 * runs, and its buttons can answer the call.) FX thread.
 *
 * <p>The agent is usually typing in another application when a call comes in, so a keystroke must
 * never answer or decline. The window is shown without taking the keyboard focus ({@link
 * UnfocusedWindows}: the window manager is told it accepts none), so keys keep going where the
 * agent types. Should a window manager focus it all the same, the window is deaf to keys: no default
 * or cancel button, buttons that take no keyboard focus, and a filter that swallows every key
 * reaching it. Only a click acts.
 */
public final class CallNotificationWindows implements IncomingCallAlerts.Notifier {
    static final String STYLE_CLASS = "incoming-call-notification";
    private static final double WIDTH = 320;
    private static final double HEIGHT = 136;
    private static final double MARGIN = 12;

    private final Map<String, Stage> open = new LinkedHashMap<>();

    @Override
    public void show(IncomingCall call, Runnable answer, Runnable decline, Runnable showWindow) {
        Stage stage = new Stage(StageStyle.UTILITY);
        stage.setTitle("Incoming call: " + call.caller());
        stage.setAlwaysOnTop(true);
        stage.setResizable(false);
        Scene scene = new Scene(content(call, answer, decline, showWindow), WIDTH, HEIGHT);
        // Keys typed while the window happens to have the focus (a window manager that gives it)
        // go nowhere: Enter or Space meant for another application must not answer.
        scene.addEventFilter(KeyEvent.ANY, KeyEvent::consume);
        stage.setScene(scene);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setX(screen.getMaxX() - WIDTH - MARGIN);
        stage.setY(screen.getMaxY() - (HEIGHT + MARGIN) * (open.size() + 1));
        // Closing the notification only hides it: the call keeps ringing in the page.
        stage.setOnCloseRequest(event -> open.remove(call.callId()));
        open.put(call.callId(), stage);
        UnfocusedWindows.show(stage);
    }

    @Override
    public void dismiss(String callId) {
        Stage stage = open.remove(callId);
        if (stage != null) {
            stage.close();
        }
    }

    private static VBox content(IncomingCall call, Runnable answer, Runnable decline, Runnable showWindow) {
        Label title = new Label("Incoming call");
        title.setStyle("-fx-font-size: 11px; -fx-text-fill: #545d66;");
        // Text only (a Label renders no markup), one line, cut with an ellipsis when too long.
        Label caller = line(call.caller(), "caller");
        caller.setStyle("-fx-font-size: 16px; -fx-font-weight: bold; -fx-text-fill: #1f2328;");
        Label uri = line(call.uri() == null ? "" : call.uri(), "caller-uri");
        uri.setStyle("-fx-font-size: 11px; -fx-text-fill: #545d66;");
        uri.setManaged(call.uri() != null);
        uri.setVisible(call.uri() != null);
        Label account = line(call.account() == null ? "" : "to " + call.account(), "account");
        account.setStyle("-fx-font-size: 11px; -fx-text-fill: #545d66;");
        ImageView icon = new ImageView(new Image(CallNotificationWindows.class
                .getResource("/icons/deskphone-48.png")
                .toExternalForm()));
        VBox text = new VBox(1, title, caller, uri, account);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox header = new HBox(10, icon, text);
        header.setAlignment(Pos.CENTER_LEFT);

        Button answerButton = button("Answer", "answer", answer, "#1a7f37");
        Button declineButton = button("Decline", "decline", decline, "#c4242f");
        Button showButton = button("Show", "show", showWindow, null);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, showButton, spacer, declineButton, answerButton);

        VBox root = new VBox(8, header, buttons);
        root.getStyleClass().add(STYLE_CLASS);
        root.setPadding(new Insets(10, 12, 10, 12));
        root.setStyle("-fx-background-color: white; -fx-border-color: #14a38b; -fx-border-width: 0 0 0 4;");
        return root;
    }

    private static Label line(String text, String id) {
        Label label = new Label(text);
        label.setId(id);
        label.setMaxWidth(WIDTH - 100);
        label.setTextOverrun(OverrunStyle.ELLIPSIS);
        return label;
    }

    /**
     * A button only a click presses: never the default or cancel button (Enter, Esc) and never
     * focused (Space). Coloured buttons keep white text in every state (hover and pressed darken).
     */
    private static Button button(String text, String id, Runnable action, String colour) {
        Button button = new Button(text);
        button.setId(id);
        button.setDefaultButton(false);
        button.setCancelButton(false);
        button.setFocusTraversable(false);
        button.setOnAction(e -> action.run());
        if (colour != null) {
            String base =
                    "-fx-text-fill: white; -fx-font-weight: bold; -fx-background-radius: 4; -fx-background-color: ";
            button.setStyle(base + colour + ";");
            button.hoverProperty()
                    .addListener((o, was, hover) ->
                            button.setStyle(base + (hover ? "derive(" + colour + ", -15%)" : colour) + ";"));
        }
        return button;
    }
}
