package dev.deskphone.events;

/** A {@code call-event} from the page that cannot be stored; the message names the field. */
public final class InvalidCallEventException extends IllegalArgumentException {
    public InvalidCallEventException(String message) {
        super(message);
    }
}
