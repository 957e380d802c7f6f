package dev.deskphone.desktop;

import dev.deskphone.platform.Threads;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when the X server goes away under the app (a logout that does not signal it first):
 * Xlib calls the process's one I/O error handler, and the last toolkit to open the display owns it.
 * AWT's handler returns, after which Xlib calls {@code exit(1)}: C++ destructors and atexit hooks
 * then run while the FX thread and WebKit are still inside native code, and the JVM dies with
 * SIGSEGV or heap corruption, writing a crash report. GDK's handler ends the process with
 * {@code _exit(1)} at once instead: no destructors, so no crash. So AWT opens its display
 * connection first and JavaFX (GDK) second, and GDK's handler is the one Xlib calls.
 *
 * <p>Nothing can unregister at that point (the page runs on the FX thread the toolkit just ended);
 * an orderly logout signals the app first ({@link QuitSignals}), and the outbox survives any end.
 */
public final class DisplayLoss {
    private static final Logger log = LoggerFactory.getLogger(DisplayLoss.class);

    private DisplayLoss() {}

    /**
     * Starts AWT's toolkit (its display connection, 0.2-0.8 s) on a thread of its own, at the start
     * of start-up: it runs alongside the configuration, media engine and outbox, not before them.
     */
    public static Future<?> connectAwtFirst() {
        FutureTask<Void> connect = new FutureTask<>(
                () -> {
                    if (!GraphicsEnvironment.isHeadless()) {
                        Toolkit.getDefaultToolkit();
                    }
                },
                null);
        Threads.start("deskphone-awt-first", connect);
        return connect;
    }

    /** Waits for {@link #connectAwtFirst}, before JavaFX starts; a failure only costs the tray, which probes again. */
    public static void await(Future<?> awtFirst) throws InterruptedException {
        try {
            awtFirst.get();
        } catch (ExecutionException e) {
            log.info("AWT did not start before the window: {}", e.getCause().toString());
        }
    }
}
