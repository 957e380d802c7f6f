package dev.deskphone.app;

import dev.deskphone.desktop.DesktopShell;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the running app ends: a real quit (the tray's Quit, the window's close without a tray, a
 * signal) stops what must stop at once, finishes the work that must reach the network before exit on
 * a background thread, then lets {@link DeskphoneApp} return. A signal that arrives before the window
 * exists just ends the launch.
 */
final class Lifetime {
    private static final Logger log = LoggerFactory.getLogger(Lifetime.class);

    /** Work done at quit before the app may end (it may wait, bounded). */
    @FunctionalInterface
    interface BeforeExit {
        void run() throws InterruptedException;
    }

    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean quitting = new AtomicBoolean();
    // Completed on the FX thread once the window is open; read by the signal thread.
    private final CompletableFuture<DesktopShell> desktop = new CompletableFuture<>();

    /** The window is open: signals quit through its shell from now on. */
    void desktopOpened(DesktopShell shell) {
        desktop.complete(shell);
    }

    /** SIGTERM or SIGHUP quits as the tray's Quit does; before the window exists, the launch just ends. */
    void quitFromOutside() {
        DesktopShell shell = desktop.getNow(null);
        if (shell == null) {
            closed.countDown();
        } else {
            shell.quitFromOutside();
        }
    }

    /**
     * Quits for real, once: {@code atOnce} on the calling (FX) thread, then {@code beforeExit} on
     * {@code background}, then the app ends.
     */
    void quit(Runnable atOnce, Executor background, BeforeExit beforeExit) {
        if (!quitting.compareAndSet(false, true)) {
            return;
        }
        log.info("Quitting");
        atOnce.run();
        background.execute(() -> {
            try {
                beforeExit.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closed.countDown();
            }
        });
    }

    /** Waits until the app has quit. */
    void awaitClosed() throws InterruptedException {
        closed.await();
    }
}
