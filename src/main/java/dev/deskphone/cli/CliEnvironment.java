package dev.deskphone.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the commands take from the process around them, passed in so tests can run commands with
 * their own environment, home directory and "terminal".
 *
 * @param variables      environment variables ({@code DESKPHONE_CONFIG_DIR}, {@code DESKPHONE_SIP_PASSWORD}...)
 * @param userHome       the user's home directory (for {@code ~/.config/deskphone})
 * @param passwordReader asks for a password without echo
 */
public record CliEnvironment(Map<String, String> variables, Path userHome, PasswordReader passwordReader) {
    /** The SIP password for {@code account add} when no flag gives one (kept out of the process list). */
    public static final String SIP_PASSWORD_ENV = "DESKPHONE_SIP_PASSWORD";

    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The real process environment and console. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), PasswordReader.console());
    }
}
