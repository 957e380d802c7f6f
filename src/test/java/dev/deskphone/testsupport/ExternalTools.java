package dev.deskphone.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the OS programs integration tests need (Kamailio, Xvfb, PostgreSQL, PulseAudio...).
 * With {@code CI=true} a missing program fails the test: CI must never pass by skipping. On a
 * developer machine the test is skipped with a message naming the setup script.
 */
public final class ExternalTools {
    private ExternalTools() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The program's path; fails in CI, skips elsewhere, when it is not installed. */
    public static Path require(String program) {
        Optional<Path> found = find(program);
        String message = program + " is not installed: run packaging/linux/setup-debian.sh as root";
        if (found.isEmpty() && inCi()) {
            throw new AssertionError(message);
        }
        assumeTrue(found.isPresent(), message);
        return found.get();
    }

    /** Fails in CI, skips elsewhere, unless the condition holds. */
    public static void requireThat(boolean condition, String whatIsMissing) {
        if (!condition && inCi()) {
            throw new AssertionError(whatIsMissing);
        }
        assumeTrue(condition, whatIsMissing);
    }

    public static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/lib/postgresql/15/bin";
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
