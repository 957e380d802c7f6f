package dev.deskphone.media;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A call's media connection state, who listens to its changes, and when it first connected. */
final class MediaStateListeners {
    private static final Logger log = LoggerFactory.getLogger(CallMedia.class);

    private final String id;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final List<Consumer<MediaConnectionState>> listeners = new CopyOnWriteArrayList<>();
    // Touched on the media thread only.
    private MediaConnectionState state = MediaConnectionState.NEW;

    MediaStateListeners(String id) {
        this.id = id;
    }

    /** Completes when the media transport first connects; fails if the call closes before. */
    CompletableFuture<Void> connected() {
        return connected;
    }

    void add(Consumer<MediaConnectionState> listener) {
        listeners.add(listener);
    }

    /** Media thread: records the state and tells the listeners if it changed. */
    void update(MediaConnectionState next) {
        if (next == state) {
            return;
        }
        state = next;
        if (next == MediaConnectionState.CONNECTED) {
            connected.complete(null);
        }
        for (Consumer<MediaConnectionState> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("Call {}: state listener failed", id, e);
            }
        }
    }

    /** Media thread: the call closed; a caller still waiting for it to connect gets an error. */
    void closed() {
        update(MediaConnectionState.CLOSED);
        connected.completeExceptionally(new IllegalStateException("call media closed"));
    }
}
