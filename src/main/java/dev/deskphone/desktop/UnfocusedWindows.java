package dev.deskphone.desktop;

import java.lang.reflect.Method;
import javafx.collections.ListChangeListener;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a window that never takes the keyboard focus, so keys typed in another application keep
 * going there. JavaFX has no public way to say so (only its popups decline the focus); its native
 * window does: on GTK, {@code setFocusable(false)} is {@code gtk_window_set_accept_focus(FALSE)},
 * the ICCCM WM_HINTS input field false (ICCCM §4.1.7), which tells the window manager not to give
 * the window the focus, when it maps it or later. It must be set before the window is mapped: the
 * window manager decides on focus at map time. JavaFX creates the native window, then adds the
 * stage to {@link Window#getWindows()}, and only then maps it; a listener on that list reaches the
 * native window in between.
 *
 * <p>The native window is JavaFX's internal API (packages of {@code javafx.graphics} that the
 * packaged app exports to itself with {@code --add-exports}); where it cannot be reached the window
 * is shown as usual and a warning is logged: callers keep their own defences (a window deaf to
 * keys). FX thread.
 */
final class UnfocusedWindows {
    private static final Logger log = LoggerFactory.getLogger(UnfocusedWindows.class);

    private UnfocusedWindows() {}

    /** Shows the stage; the window manager is told before it maps the window not to focus it. */
    static void show(Stage stage) {
        ListChangeListener<Window> beforeMapping = change -> {
            while (change.next()) {
                if (change.wasAdded() && change.getAddedSubList().contains(stage)) {
                    declineFocus(stage);
                }
            }
        };
        Window.getWindows().addListener(beforeMapping);
        try {
            stage.show();
        } finally {
            Window.getWindows().removeListener(beforeMapping);
        }
    }

    private static void declineFocus(Stage stage) {
        try {
            Object glassWindow = glassWindow(stage);
            if (glassWindow == null) {
                log.warn("The incoming-call window has no native window yet; it may take the keyboard focus");
                return;
            }
            Method setFocusable = Class.forName("com.sun.glass.ui.Window").getMethod("setFocusable", boolean.class);
            setFocusable.invoke(glassWindow, false);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn(
                    "Cannot keep the incoming-call window from taking the keyboard focus ({}); keys still cannot answer",
                    e.toString());
        }
    }

    private static Object glassWindow(Stage stage) throws ReflectiveOperationException {
        Object peer = Class.forName("com.sun.javafx.stage.WindowHelper")
                .getMethod("getPeer", Window.class)
                .invoke(null, stage);
        if (peer == null) {
            return null;
        }
        Class<?> windowStage = Class.forName("com.sun.javafx.tk.quantum.WindowStage");
        return windowStage.isInstance(peer)
                ? windowStage.getMethod("getPlatformWindow").invoke(peer)
                : null;
    }
}
