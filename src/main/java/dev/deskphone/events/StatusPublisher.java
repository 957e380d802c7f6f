package dev.deskphone.events;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the backend status to its listener: at once when its state changes, otherwise at most every
 * {@link #INTERVAL_NANOS}, as counts move with every delivered event.
 */
final class StatusPublisher {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Consumer<BackendStatus> listener;
    private volatile BackendStatus published;
    // Loop thread only.
    private long publishedAt;

    StatusPublisher(Consumer<BackendStatus> listener) {
        this.listener = listener;
    }

    /** Loop thread: passes {@code status} on if it changed and is not throttled. */
    void publish(BackendStatus status, long now) {
        if (status.equals(published)) {
            return;
        }
        boolean stateChanged = published == null || !published.state().equals(status.state());
        if (stateChanged || now - publishedAt >= INTERVAL_NANOS) {
            published = status;
            publishedAt = now;
            try {
                listener.accept(status);
            } catch (RuntimeException e) {
                log.warn("Backend status listener failed", e);
            }
        }
    }

    /** Whether {@code status} differs from the one last published: a throttled update is owed. */
    boolean owed(BackendStatus status) {
        return !status.equals(published);
    }

    /** The status last published, or null; any thread. */
    BackendStatus published() {
        return published;
    }
}
