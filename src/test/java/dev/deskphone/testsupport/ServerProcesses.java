package dev.deskphone.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** For tests that run a packaged backend server: finding the built artifact, waiting until it listens. */
public final class ServerProcesses {
    /** What {@code deskphone server} prints on stdout once it accepts connections. */
    private static final Pattern LISTENING = Pattern.compile("^Deskphone backend listening on (https?://\\S+)");

    private ServerProcesses() {}

    /**
     * The file in {@code dir} whose name matches {@code nameRegex}; fails in CI, skips elsewhere, when
     * none was built ({@code howToBuild} says how).
     */
    public static Path requireBuilt(Path dir, String nameRegex, String howToBuild) throws IOException {
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                found = files.filter(p -> p.getFileName().toString().matches(nameRegex))
                        .findFirst();
            }
        }
        ExternalTools.requireThat(
                found.isPresent(), "nothing matching " + nameRegex + " in " + dir + ": " + howToBuild);
        return found.get();
    }

    /** The server's URL, once its stdout (redirected to {@code out}) says it listens. */
    public static URI awaitListening(Process server, Path out, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out)) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    return URI.create(matcher.group(1));
                }
            }
            if (!server.isAlive()) {
                throw new AssertionError(
                        "the server ended (" + server.exitValue() + ") before listening:\n" + Files.readString(out));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not listen within " + timeout + ":\n" + Files.readString(out));
    }
}
