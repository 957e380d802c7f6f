package dev.deskphone.events;

/** The outbox holds its configured maximum of events; the new one was not stored. */
public final class OutboxFullException extends IllegalStateException {
    OutboxFullException(int capacity) {
        super("the call-event outbox is full (" + capacity + " events waiting or dead): the backend has been"
                + " unreachable for long; see 'deskphone events list'");
    }
}
