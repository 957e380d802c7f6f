package dev.deskphone.desktop;

import dev.deskphone.platform.Threads;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.LoggerFactory;

/**
 * Starts the two toolkits that share the display, one after the other on a thread of their own, while
 * the rest of start-up runs: AWT first (the tray's; its display connection takes 0.2-0.8 s), then
 * JavaFX. AWT must open its display before GDK does, so that GDK's I/O error handler is the one in
 * place if the app's own cannot be set ({@link DisplayLoss}). JavaFX then starts alongside the
 * configuration, media engine and outbox instead of after them: the window waits only for whichever
 * of the two ends last.
 */
public final class Toolkits {
    private Toolkits() {}

    /**
     * When each toolkit was up (epoch ms): the caller logs them once logging is set up, which may be
     * after they happened.
     *
     * @param awtOnDisplayAt 0 if AWT did not start
     */
    public record Started(long awtOnDisplayAt, long javaFxStartedAt) {}

    /**
     * Starts AWT, then JavaFX. The future completes on the FX thread once JavaFX runs, or fails with
     * what stopped JavaFX from starting; an AWT that does not start only costs the tray, which probes
     * again later. Nothing here waits for logging to be set up, so a launch may begin this first of all.
     */
    public static CompletableFuture<Started> start() {
        return startInOrder(Toolkits::connectAwt, Platform::startup);
    }

    /**
     * Runs {@code awt}, then {@code fxStartup} (given what to run on the FX thread once it is up), on
     * the thread {@code deskphone-toolkits}.
     */
    static CompletableFuture<Started> startInOrder(Runnable awt, Consumer<Runnable> fxStartup) {
        CompletableFuture<Started> fxRunning = new CompletableFuture<>();
        Threads.start("deskphone-toolkits", () -> {
            long awtOnDisplayAt = 0;
            try {
                awt.run();
                awtOnDisplayAt = System.currentTimeMillis();
            } catch (RuntimeException | Error e) {
                LoggerFactory.getLogger(Toolkits.class).info("AWT did not start before the window: {}", e.toString());
            }
            long awtAt = awtOnDisplayAt;
            try {
                fxStartup.accept(() -> fxRunning.complete(new Started(awtAt, System.currentTimeMillis())));
            } catch (RuntimeException | Error e) {
                fxRunning.completeExceptionally(e);
            }
        });
        return fxRunning;
    }

    private static void connectAwt() {
        if (!GraphicsEnvironment.isHeadless()) {
            Toolkit.getDefaultToolkit();
        }
    }
}
