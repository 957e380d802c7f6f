package dev.deskphone.server;

/** An event or query for a call id the backend has never seen. */
final class CallNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallNotFoundException(String id) {
        super("Call " + id + " not found.");
    }
}
