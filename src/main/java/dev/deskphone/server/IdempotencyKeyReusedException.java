package dev.deskphone.server;

/** An Idempotency-Key already used for a different request. */
final class IdempotencyKeyReusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IdempotencyKeyReusedException() {
        super("This Idempotency-Key was already used for a different request.");
    }
}
