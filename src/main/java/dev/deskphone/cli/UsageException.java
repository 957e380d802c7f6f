package dev.deskphone.cli;

/** A command-line mistake found by a command itself; its message already names the flag. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
