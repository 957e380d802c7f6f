package dev.deskphone.server;

/** An event that breaks the call's state rules, or repeats an id with different content. */
final class CallConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallConflictException(String message) {
        super(message);
    }
}
