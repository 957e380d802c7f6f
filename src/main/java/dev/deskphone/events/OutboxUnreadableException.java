package dev.deskphone.events;

/**
 * The outbox file is not one this Deskphone can use: not an SQLite database, damaged, or written by
 * a newer Deskphone (its {@code user_version} is higher than ours). Nothing in it was changed.
 * {@link OutboxFile} moves such a file aside and starts a fresh one.
 */
public final class OutboxUnreadableException extends IllegalStateException {
    private final String reason;

    /** @param reason what is wrong with the file, e.g. "written by a newer Deskphone (schema 2)" */
    OutboxUnreadableException(String reason, Throwable cause) {
        super("the call-event outbox is " + reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
