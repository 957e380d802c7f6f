package dev.deskphone.desktop;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (a session manager or systemd ending the app, {@code kill}) and SIGHUP (the terminal or
 * the session going away at logout) quit the app as the tray's Quit does: calls are hung up, accounts
 * unregistered, the outbox closed, and the process exits 0. The JVM's own handling of these signals
 * would only run shutdown hooks while the FX thread and the page die under them, so no BYE or
 * un-REGISTER would leave. A second signal while quitting ends the process at once.
 */
public final class QuitSignals {
    private static final Logger log = LoggerFactory.getLogger(QuitSignals.class);
    private static final List<String> SIGNALS = List.of("TERM", "HUP");

    private QuitSignals() {}

    /** Routes the signals to {@code quit} (called on the JVM's signal thread; it must not block). */
    public static void install(Runnable quit) {
        AtomicBoolean received = new AtomicBoolean();
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), signal -> {
                if (received.compareAndSet(false, true)) {
                    log.info("SIG{}: quitting", signal.getName());
                    quit.run();
                } else {
                    log.warn("SIG{} again while quitting: exiting now", signal.getName());
                    System.exit(128 + signal.getNumber());
                }
            });
        }
    }
}
