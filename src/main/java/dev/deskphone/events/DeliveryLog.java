package dev.deskphone.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the delivery loop tells the log about the backend and refused events. */
final class DeliveryLog {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    private final BackendEndpoint endpoint;

    DeliveryLog(BackendEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The backend answered after being unknown or unwell. */
    void reachable(boolean wasKnown, int pending) {
        log.info(
                "Backend {} is reachable{}",
                endpoint.baseUrl(),
                wasKnown ? " again; " + pending + " events to deliver" : "");
    }

    void refused(OutboxEntry entry, BackendAnswer answer) {
        log.warn(
                "Backend refused event {} ({} of call {}): {}; parked as dead"
                        + " (see 'deskphone events list --dead', 'deskphone events retry')",
                entry.seq(),
                entry.event(),
                entry.callId(),
                answer.error());
    }

    void replayed(OutboxEntry entry) {
        log.debug("Event {} was already stored at the backend (a replay)", entry.seq());
    }

    /** Sending pauses after {@code answer}; {@code state} is the backend's state now. */
    void paused(BackendHealth.Pause pause, String state, BackendAnswer answer) {
        if (pause.stateChanged()) {
            log.warn(
                    "Backend {} {}: {}; events wait in the outbox (next try in {} ms)",
                    endpoint.baseUrl(),
                    BackendStatus.OFFLINE.equals(state) ? "unavailable" : "refuses the token",
                    answer.error(),
                    pause.delay().toMillis());
        } else {
            log.debug(
                    "Backend still {}: {}; next try in {} ms",
                    state,
                    answer.error(),
                    pause.delay().toMillis());
        }
    }
}
