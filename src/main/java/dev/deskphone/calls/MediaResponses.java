package dev.deskphone.calls;

import dev.deskphone.media.MediaConnectionState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the page hears back about its calls' media (architecture.md, "Calls and media"): one
 * {@code media-response} per request, an error included, and a {@code media-event} when a call's
 * media connects, drops or fails. Any thread.
 */
final class MediaResponses {
    private static final Logger log = LoggerFactory.getLogger(MediaResponses.class);
    private final Consumer<Map<String, Object>> page;

    /** @param page sends a message to the page (PageApi.post) */
    MediaResponses(Consumer<Map<String, Object>> page) {
        this.page = page;
    }

    /** Answers request {@code id} with its result, or with the error's message when it failed. */
    void answer(Object id, Object value, Throwable error) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "media-response");
        message.put("id", id);
        if (error == null) {
            message.put("ok", true);
            message.put("result", value);
        } else {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            message.put("ok", false);
            message.put("error", describe(cause));
            if (cause instanceof IllegalArgumentException) {
                log.warn("Media request {} refused: {}", id, cause.getMessage());
            } else {
                log.warn("Media request {} failed", id, cause);
            }
        }
        try {
            page.accept(message);
        } catch (RuntimeException e) {
            log.error("Answering media request {} failed", id, e);
        }
    }

    /** Tells the page that a call's media connected, dropped or failed; other states stay quiet. */
    void stateChanged(String call, MediaConnectionState state) {
        String event = switch (state) {
            case CONNECTED -> "connected";
            case DISCONNECTED -> "disconnected";
            case FAILED -> "failed";
            default -> null;
        };
        if (event != null) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "media-event");
            message.put("call", call);
            message.put("event", event);
            page.accept(message);
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
