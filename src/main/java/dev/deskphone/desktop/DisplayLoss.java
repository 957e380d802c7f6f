package dev.deskphone.desktop;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.deskphone.platform.Threads;
import java.awt.GraphicsEnvironment;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when the X server goes away under the app (a logout that does not signal it first).
 * Xlib calls the process's one I/O error handler and exits when it returns; the last one set owns it.
 * AWT's handler returns, after which Xlib calls {@code exit(1)}: C++ destructors and atexit hooks
 * then run while the FX thread and WebKit are still inside native code, and the JVM dies with
 * SIGSEGV or heap corruption. GDK's ends the process with {@code _exit(1)} at once: no crash, but
 * nothing runs, so the PBX keeps routing calls to the agent until the registration expires.
 *
 * <p>So once both toolkits are up, {@link #leaveOnLoss} puts the app's own handler in place (through
 * JNA: ADR 0016). It never returns: it runs the given leave (Java's SIP sockets unregister the
 * accounts and hang up the calls, without the page, whose FX thread is stuck in Xlib), logs, and ends
 * the process with {@code _exit(1)} as GDK would. AWT still opens its display first and GDK second
 * ({@link Toolkits}), so that GDK's handler is the one in place if the app's cannot be (JNA's native part missing).
 */
public final class DisplayLoss {
    private static final Logger log = LoggerFactory.getLogger(DisplayLoss.class);
    /** The exit status after the display went away (GDK's too). */
    public static final int EXIT_STATUS = 1;
    /** The most the leave may take before the process ends anyway (the leave bounds its own wait below this). */
    private static final long LEAVE_PATIENCE_MS = 5_000;

    private DisplayLoss() {}

    /** libX11's handler setter (Xlib.h). */
    private interface X11 extends Library {
        Pointer XSetIOErrorHandler(IoErrorHandler handler);
    }

    /** {@code int (*XIOErrorHandler)(Display *)}. */
    private interface IoErrorHandler extends Callback {
        int invoke(Pointer display);
    }

    /** {@code _exit(2)}: no atexit hooks, no C++ destructors (unistd.h). */
    private interface LibC extends Library {
        void _exit(int status);
    }

    /**
     * The app's handler, in place: JNA keeps only a weak reference to a callback, so whoever set it
     * holds this for as long as the process runs (Xlib would call freed code otherwise).
     */
    public static final class Installed {
        private final IoErrorHandler handler;

        private Installed(IoErrorHandler handler) {
            this.handler = handler;
        }

        @Override
        public String toString() {
            return "DisplayLoss.Installed[" + handler.getClass().getSimpleName() + "]";
        }
    }

    /**
     * Makes the app's handler Xlib's I/O error handler (after both toolkits opened the display: each
     * sets its own then): on display loss it runs {@code leave} (bounded by the caller), logs, and ends
     * the process with {@link #EXIT_STATUS}. Empty (logged) when it cannot be set: GDK's handler stays.
     */
    public static Optional<Installed> leaveOnLoss(Runnable leave) {
        if (GraphicsEnvironment.isHeadless()) {
            return Optional.empty();
        }
        try {
            X11 x11 = Native.load("libX11.so.6", X11.class);
            LibC libc = Native.load("c", LibC.class);
            AtomicBoolean leaving = new AtomicBoolean();
            IoErrorHandler handler = display -> onLoss(leaving, leave, libc);
            Installed installed = new Installed(handler);
            x11.XSetIOErrorHandler(handler);
            log.info("Display loss: the app's X I/O error handler is in place (it unregisters before exiting)");
            return Optional.of(installed);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn(
                    "Display loss: cannot set the app's X I/O error handler ({}); losing the display ends the"
                            + " app without unregistering",
                    e.toString());
            return Optional.empty();
        }
    }

    /** Xlib's call (any thread that used the lost display; AWT's and the FX thread may both come). */
    private static int onLoss(AtomicBoolean leaving, Runnable leave, LibC libc) {
        if (!leaving.compareAndSet(false, true)) {
            // The other toolkit's thread found the loss too: the first caller ends the process.
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // keep waiting: returning would let Xlib exit() while the leave runs
                }
            }
        }
        long start = System.nanoTime();
        try {
            log.warn("The display went away (X server gone or session ended): leaving the PBX before exiting");
            // On a thread of its own: this one may be the FX thread, and nothing may reach the page
            // (WebKit) from inside Xlib; from any other thread, page messages only queue for it.
            FutureTask<Void> task = new FutureTask<>(leave, null);
            Threads.start("deskphone-display-lost", task);
            task.get(LEAVE_PATIENCE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Throwable e) { // a callback must not throw into Xlib; the exit below must happen
            log.warn("Leaving the PBX after the display went away failed", e);
        }
        log.warn(
                "Exiting ({}) because the display went away; leaving the PBX took {} ms",
                EXIT_STATUS,
                (System.nanoTime() - start) / 1_000_000);
        libc._exit(EXIT_STATUS);
        return 0;
    }
}
