package dev.deskphone.cli;

import java.util.Optional;

/** Asks the person at the terminal for a password without echoing it. */
@FunctionalInterface
public interface PasswordReader {
    /** The typed password, or empty when there is no terminal to ask on (or input ended). */
    Optional<char[]> read(String prompt);

    /** Reads from the process's console ({@link System#console()}), which turns echo off. */
    static PasswordReader console() {
        return prompt -> {
            java.io.Console console = System.console();
            return console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", prompt));
        };
    }
}
