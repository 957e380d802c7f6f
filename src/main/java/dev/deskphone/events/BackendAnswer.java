package dev.deskphone.events;

import java.time.Duration;
import java.util.Optional;

/**
 * What one request to the backend came to, as the forwarder acts on it. The backend is up when it
 * answers with {@link Delivered}, {@link Duplicate} or {@link Refused}; the other answers mean the
 * backend (or the way to it) is unwell, not the event, so the event waits and is sent again with
 * the same {@code Idempotency-Key}.
 */
sealed interface BackendAnswer {

    /** The backend answered at all (the event may still be refused): it is up. */
    default boolean reachedBackend() {
        return stored() || this instanceof Refused;
    }

    /** The backend has the event (now or from an earlier attempt): it leaves the outbox. */
    default boolean stored() {
        return this instanceof Delivered || this instanceof Duplicate;
    }

    /** What the outbox records as the event's last error and the log says; null when stored. */
    String error();

    /** 2xx: stored. */
    record Delivered() implements BackendAnswer {
        @Override
        public String error() {
            return null;
        }
    }

    /** 200 to a {@code created}: the backend already had that call, so this was a replay (openapi.yaml). */
    record Duplicate() implements BackendAnswer {
        @Override
        public String error() {
            return null;
        }
    }

    /**
     * A 4xx other than 401, 408 and 429 (400, 403, 404, 409, 422...): the event itself is refused and
     * is parked as dead; {@code error} is the status and the server's message.
     */
    record Refused(String error) implements BackendAnswer {}

    /** The backend failed or asked to wait: 408, 429 or 5xx, with its {@code Retry-After} if any. */
    record RetryLater(String error, Optional<Duration> retryAfter) implements BackendAnswer {}

    /** 401: the backend refuses the token. */
    record TokenRefused(String error) implements BackendAnswer {}

    /** The TLS handshake failed because the backend's certificate is not trusted or not for its host. */
    record TrustFailure(String error) implements BackendAnswer {}

    /** No answer: connection refused or lost, timeout, any other I/O failure. */
    record NetworkFailure(String error) implements BackendAnswer {}
}
