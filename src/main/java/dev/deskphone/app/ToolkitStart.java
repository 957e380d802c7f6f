package dev.deskphone.app;

import dev.deskphone.desktop.Toolkits;
import dev.deskphone.platform.SoftwareGraphics;
import dev.deskphone.platform.StartupSteps;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The toolkits' start ({@link Toolkits}: AWT, then JavaFX, ~0.5 s on a thread of their own), once per
 * process: either from the launch's first moments, when the command line looks like it opens the
 * window, so that it runs alongside the command line's own start (picocli's model of every command,
 * logback) instead of after it; or when the app gets to it. Nothing of it waits for logging to be
 * set up (logback's start is ~0.3 s of its own): what it has to log waits for {@link #markSteps}.
 * Thread-safe.
 */
public final class ToolkitStart {
    private final Map<String, String> env;
    private CompletableFuture<Toolkits.Started> started; // guarded by this
    private long beganAt; // epoch ms; guarded by this
    private Optional<String> softwareGraphics = Optional.empty(); // guarded by this

    /** @param env the process environment (the software pipeline's choice reads it) */
    public ToolkitStart(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Starts the toolkits unless they are starting already; completes on the FX thread once JavaFX runs. */
    public synchronized CompletableFuture<Toolkits.Started> begin() {
        if (started == null) {
            beganAt = System.currentTimeMillis();
            // Before either toolkit opens the display: no OpenGL probing on a machine without a GPU.
            // On this thread, before the toolkits' own: setenv(3) must not race a getenv (ADR 0017).
            softwareGraphics = SoftwareGraphics.applyBeforeToolkits(env);
            started = Toolkits.start();
        }
        return started;
    }

    /**
     * Logs the start's steps (the log level is set by now; they may have happened before it was):
     * when it began, AWT on the display, JavaFX started.
     */
    synchronized void markSteps() {
        softwareGraphics.ifPresent(LoggerFactory.getLogger(ToolkitStart.class)::debug);
        StartupSteps.markAt("toolkits began", beganAt);
        started.thenAccept(up -> {
            if (up.awtOnDisplayAt() > 0) {
                StartupSteps.markAt("AWT on the display", up.awtOnDisplayAt());
            }
            StartupSteps.markAt("JavaFX started", up.javaFxStartedAt());
        });
    }
}
