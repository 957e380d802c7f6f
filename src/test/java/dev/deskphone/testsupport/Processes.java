package dev.deskphone.testsupport;

import java.util.concurrent.TimeUnit;

/** Stopping the external programs tests start. */
public final class Processes {
    private Processes() {}

    /** Asks the process to stop (SIGTERM), then kills it if it has not exited within 5 s. */
    public static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
