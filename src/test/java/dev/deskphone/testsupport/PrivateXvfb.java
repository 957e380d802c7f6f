package dev.deskphone.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An X server of the test's own (Xvfb on a display it picks), which the test may kill under an app. */
public final class PrivateXvfb implements AutoCloseable {
    private final Process process;
    private final String display;

    private PrivateXvfb(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    public static PrivateXvfb start() throws IOException {
        String xvfb = ExternalTools.require("Xvfb").toString();
        // -displayfd: Xvfb picks a free display and writes its number to that descriptor (stdout here).
        Process process = new ProcessBuilder(
                        List.of(xvfb, "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String number =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (number == null || !number.strip().matches("\\d+")) {
            Processes.stop(process);
            throw new IOException("Xvfb did not report its display: " + number);
        }
        return new PrivateXvfb(process, ":" + number.strip());
    }

    /** The DISPLAY value for clients of this server. */
    public String display() {
        return display;
    }

    /** Kills the server at once, as a crashed or ended X session does to its clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
