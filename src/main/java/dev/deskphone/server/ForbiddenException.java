package dev.deskphone.server;

/** The token is valid but its role or accounts do not allow the request: a 403. */
final class ForbiddenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ForbiddenException(String message) {
        super(message, null, false, false);
    }
}
