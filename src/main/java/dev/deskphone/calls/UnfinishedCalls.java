package dev.deskphone.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls the page has reported but not finished ({@code created} without {@code wrapup}), so a
 * page that reloads, or a desktop session that ends under the app, does not leave them open in the
 * records for ever.
 *
 * <p>A reloaded page starts with no SIP sessions: its calls are gone with the old document (adr
 * 0012). When the new page says ready, each call the old one left unfinished is closed here, as the
 * page would have: {@code ended} (reason {@code failed}, ended locally) if it had not ended, then a
 * {@code wrapup} whose disposition says why. The same happens when the display goes away: the page
 * cannot run any more (ADR 0016), so Java records the calls it hung up. Any thread: the page's
 * messages come on the FX thread, a lost display on a thread of its own.
 */
public final class UnfinishedCalls {
    /** Why a call was cut off: its wrap-up's disposition and notes. */
    public enum Cut {
        PAGE_RELOADED("page-reloaded", "Cut off: the softphone page reloaded during the call or its wrap-up."),
        DISPLAY_LOST(
                "display-lost",
                "Cut off: the desktop session ended (its display went away) during the call or its wrap-up.");

        final String disposition;
        final String notes;

        Cut(String disposition, String notes) {
            this.disposition = disposition;
            this.notes = notes;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(UnfinishedCalls.class);

    private final ObjectMapper json;
    private final LongSupplier clock;
    // callId -> whether its ended event was stored; in the order the calls were created.
    private final Map<String, Boolean> open = new LinkedHashMap<>();

    public UnfinishedCalls(ObjectMapper json, LongSupplier clock) {
        this.json = json;
        this.clock = clock;
    }

    /** Notes a call event the outbox has stored. */
    public synchronized void stored(ObjectNode message) {
        String callId = message.path("callId").asText();
        switch (message.path("event").asText()) {
            case "created" -> open.put(callId, false);
            case "ended" -> open.replace(callId, true);
            case "wrapup" -> open.remove(callId);
            default -> {}
        }
    }

    /** Closes every unfinished call through {@code store}, the same door the page's events use. */
    public synchronized void closeAll(Cut cut, Consumer<ObjectNode> store) {
        if (open.isEmpty()) {
            return;
        }
        log.warn("{} call(s) unfinished: recording them as cut off ({})", open.size(), cut.disposition);
        for (Map.Entry<String, Boolean> call : new LinkedHashMap<>(open).entrySet()) {
            try {
                if (!call.getValue()) {
                    store.accept(event("ended", call.getKey())
                            .put("reason", "failed")
                            .put("endedBy", "local"));
                }
                store.accept(event("wrapup", call.getKey())
                        .put("disposition", cut.disposition)
                        .put("notes", cut.notes));
            } catch (RuntimeException e) {
                log.error(
                        "Could not record call {} as cut off ({}): {}",
                        call.getKey(),
                        cut.disposition,
                        e.getMessage(),
                        e);
            }
            open.remove(call.getKey());
        }
    }

    /**
     * Whether a call the page reported is not finished yet: in progress, or ended with its wrap-up
     * still to come. A reload now would cut it off (its wrap-up form goes with the page).
     */
    public synchronized boolean anyOpen() {
        return !open.isEmpty();
    }

    synchronized int size() {
        return open.size();
    }

    private ObjectNode event(String event, String callId) {
        return json.createObjectNode()
                .put("type", "call-event")
                .put("event", event)
                .put("callId", callId)
                .put("at", clock.getAsLong());
    }
}
