package dev.deskphone.server;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a {@code deskphone server} process prints, for tests that run the real command. */
public final class ServerOutput {
    private static final Pattern LISTENING = Pattern.compile("listening on (https?://\\S+)");

    private ServerOutput() {}

    /** The URL from "listening on URL" in {@code output}, once printed; fails if the server exits or takes 60 s. */
    public static URI awaitListening(Process server, Path output) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            Matcher matcher = LISTENING.matcher(text);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!server.isAlive()) {
                throw new AssertionError("the server exited (" + server.exitValue() + "): " + text);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not start within 60 s: " + Files.readString(output));
    }
}
