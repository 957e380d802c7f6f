package dev.deskphone.desktop;

import dev.deskphone.accounts.AccountAvailability;
import dev.deskphone.accounts.AccountCommands;
import dev.deskphone.accounts.AccountStatusBoard;
import dev.deskphone.state.DesktopStateStore;
import dev.deskphone.state.WindowGeometry;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window's life on the desktop: its placement is remembered; closing it hides it to the
 * tray (accounts stay registered) where there is a tray and the user wants that, and quits
 * otherwise; the tray icon shows registration status and offers quick actions.
 *
 * <p>FX thread, except {@link #startTray} (which starts AWT, so must not run on the FX thread).
 */
public final class DesktopShell {
    private static final Logger log = LoggerFactory.getLogger(DesktopShell.class);

    private final Stage stage;
    private final DesktopTray tray;
    private final DesktopStateStore state;
    private final AccountCommands accounts;
    private final Runnable quit;
    private volatile boolean trayShown;
    private volatile AccountAvailability availability;

    /** @param quit ends the app for real (unregisters first); called on the FX thread */
    public DesktopShell(
            Stage stage, DesktopTray tray, DesktopStateStore state, AccountCommands accounts, Runnable quit) {
        this.stage = stage;
        this.tray = tray;
        this.state = state;
        this.accounts = accounts;
        this.quit = quit;
        stage.setOnCloseRequest(event -> {
            event.consume();
            closeRequested();
        });
    }

    /**
     * Puts the window where it was last time, if that place is still on a screen. Before the first
     * show, which comes before the shell exists ({@link MainWindow#openEmpty}).
     */
    static void placeAsLastTime(Stage stage, DesktopStateStore state) {
        List<Rectangle2D> screens =
                Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
        WindowPlacement.restorable(state.get().window(), screens, stage.getMinWidth(), stage.getMinHeight())
                .ifPresent(geometry -> {
                    stage.setX(geometry.x());
                    stage.setY(geometry.y());
                    stage.setWidth(geometry.width());
                    stage.setHeight(geometry.height());
                    stage.setMaximized(geometry.maximized());
                });
    }

    /** Shows the tray icon where the desktop has a tray. Off the FX thread: the first probe starts AWT. */
    public void startTray(AccountStatusBoard board) {
        startTray(board, new AccountAvailability(java.util.List.of(), dnd -> {}));
    }

    /** As {@link #startTray(AccountStatusBoard)}, with the accounts' availability shown and set from the tray. */
    public void startTray(AccountStatusBoard board, AccountAvailability availability) {
        this.availability = availability;
        if (!tray.isAvailable()) {
            log.info("No system tray on this desktop: closing the window quits Deskphone");
            return;
        }
        tray.show(new Actions(), state.get().closesToTray(true));
        Runnable update = () -> tray.update(TrayStatus.of(board.snapshot(), availability.snapshot()));
        board.onChange(update);
        availability.onChange(update);
        update.run();
        trayShown = true;
    }

    boolean keepsRunningWhenClosed() {
        return state.get().closesToTray(trayShown);
    }

    /** The window's close button (or the window manager's close). */
    void closeRequested() {
        rememberPlacement();
        if (keepsRunningWhenClosed()) {
            log.info("Window closed: Deskphone keeps running in the tray, accounts stay registered");
            stage.hide();
        } else {
            quit.run();
        }
    }

    /** Brings the window forward: a second launch, a tray click, an answered call. */
    public void showWindow() {
        bringForward(stage);
    }

    /** Brings {@code stage} forward (un-minimised, shown, in front, focused). FX thread. */
    public static void bringForward(Stage stage) {
        if (stage.isIconified()) {
            stage.setIconified(false);
        }
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }

    public boolean windowShowing() {
        return stage.isShowing();
    }

    void rememberPlacement() {
        if (!stage.isShowing() || stage.isIconified()) {
            return;
        }
        WindowGeometry previous = state.get().window();
        // A maximised stage reports the screen's size: keep the size to return to on un-maximise.
        WindowGeometry geometry = stage.isMaximized() && previous != null
                ? new WindowGeometry(previous.x(), previous.y(), previous.width(), previous.height(), true)
                : new WindowGeometry(
                        stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized());
        state.update(s -> s.withWindow(geometry));
    }

    /** Quits as the tray's Quit does, asked from outside the desktop (a signal). Any thread. */
    public void quitFromOutside() {
        new Actions().quit();
    }

    /** Removes the tray icon (at quit). Any thread. */
    public void dispose() {
        tray.remove();
    }

    /** The tray menu, called on the AWT event thread: window work goes to the FX thread. */
    private final class Actions implements TrayActions {
        @Override
        public void showWindow() {
            Platform.runLater(DesktopShell.this::showWindow);
        }

        @Override
        public void registerAll() {
            accounts.registerAll();
        }

        @Override
        public void unregisterAll() {
            accounts.unregisterAll();
        }

        @Override
        public void closeToTrayChanged(boolean keepRunningInTray) {
            state.update(s -> s.withCloseToTray(keepRunningInTray));
        }

        @Override
        public void doNotDisturb(boolean on) {
            try {
                availability.setDnd(on, java.util.Optional.empty());
            } catch (IllegalArgumentException e) {
                log.info("Do not disturb from the tray: {}", e.getMessage());
            }
        }

        @Override
        public void quit() {
            Platform.runLater(() -> {
                rememberPlacement();
                quit.run();
            });
        }
    }
}
