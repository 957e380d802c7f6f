package dev.deskphone.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running and stopping the external programs tests start. */
public final class Processes {
    private Processes() {}

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    public record Finished(int exitCode, String output) {}

    /** Runs the command to its end; its output is read as it goes, so a chatty command cannot block. */
    public static Finished run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Finished(process.waitFor(), output);
    }

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
