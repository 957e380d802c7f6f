package dev.deskphone.instance;

/** The running instance answered a hand-over request with an error; the message says which and why. */
public final class InstanceRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InstanceRefusedException(String message) {
        super(message);
    }
}
