package dev.deskphone.cli;

import dev.deskphone.testsupport.ConfigSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Runs {@code deskphone} in-process, the way {@link Main} does, with its own environment, a
 * scripted "terminal" for password prompts, and captured output.
 */
final class CliRunner {
    record Result(int exitCode, String out, String err) {}

    final Path userDir;
    final Path systemDir;
    final Path home;
    final Map<String, String> env = new HashMap<>();
    /** What the fake terminal answers to successive password prompts; empty means "no terminal". */
    final Deque<String> typedPasswords = new ArrayDeque<>();

    CliRunner(Path root) {
        this.userDir = root.resolve("user");
        this.systemDir = root.resolve("system");
        this.home = root.resolve("home");
        env.put("DESKPHONE_CONFIG_DIR", userDir.toString());
        env.put("DESKPHONE_SYSTEM_CONFIG_DIR", systemDir.toString());
    }

    Result run(String... args) {
        PasswordReader terminal =
                prompt -> Optional.ofNullable(typedPasswords.poll()).map(String::toCharArray);
        CommandLine cli = Main.commandLine(new CliEnvironment(env, home, terminal));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Runs a command that must succeed, failing with its stderr otherwise. */
    Result ok(String... args) {
        Result result = run(args);
        if (result.exitCode() != ExitCodes.OK) {
            throw new AssertionError(
                    "deskphone " + String.join(" ", args) + " failed with " + result.exitCode() + ": " + result.err());
        }
        return result;
    }

    ConfigSnapshot snapshot() {
        return ConfigSnapshot.of(userDir, systemDir);
    }
}
