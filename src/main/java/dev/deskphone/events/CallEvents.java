package dev.deskphone.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.contract.CallEventLimits;
import dev.deskphone.contract.SafeText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's {@code call-event} messages in: checked, stored durably, handed to the forwarder.
 *
 * <p>{@link #accept} runs on the FX thread, inside the page's upcall, and returns only once the
 * event is committed to the outbox: the page is told "stored" only for events that survive a crash.
 * That costs one SQLite commit (benchmarks.md, "Call events", measures it); the network is never
 * touched here.
 */
public final class CallEvents {
    private static final Logger log = LoggerFactory.getLogger(CallEvents.class);

    private final CallEventParser parser = new CallEventParser();
    private final ObjectMapper json;
    private final Outbox outbox;
    private final LongSupplier clock;
    private volatile Forwarder forwarder;

    public CallEvents(Outbox outbox, ObjectMapper json, LongSupplier clock) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Stores one page message.
     *
     * @throws InvalidCallEventException if the message is malformed (the text names the field); it is
     *     kept as a dead event all the same, so its call shows as not delivered rather than vanishing
     * @throws OutboxFullException if the outbox is full (nothing stored)
     */
    public OutboxEntry accept(JsonNode message) {
        PageCallEvent event;
        try {
            event = parser.parse(message);
        } catch (InvalidCallEventException e) {
            keepRefused(message, e);
            throw e;
        }
        OutboxEntry entry;
        try {
            entry = outbox.append(event, BackendRequest.of(event, json), clock.getAsLong());
        } catch (OutboxFullException e) {
            log.error("Lost a call event ({} of call {}): {}", event.event(), event.callId(), e.getMessage());
            throw e;
        }
        Forwarder current = forwarder;
        if (current != null) {
            current.offer(entry);
        }
        return entry;
    }

    private void keepRefused(JsonNode message, InvalidCallEventException refusal) {
        String callId = SafeText.clip(message == null ? "" : message.path("callId").asText(""), CallEventLimits.NAME);
        String event = SafeText.clip(message == null ? "" : message.path("event").asText(""), CallEventLimits.NAME);
        callId = callId.isBlank() ? "unknown" : callId;
        event = event.isBlank() ? "unknown" : event;
        long now = clock.getAsLong();
        long at = message != null && message.path("at").canConvertToLong() ? message.path("at").asLong() : now;
        // Encoded: a resend ('deskphone events retry') must still make a valid URL of whatever the page sent.
        String path = "created".equals(event) ? "/internal/calls"
                : "/internal/calls/" + URLEncoder.encode(callId, StandardCharsets.UTF_8) + "/"
                        + URLEncoder.encode(event, StandardCharsets.UTF_8);
        String error = "refused by the app: " + refusal.getMessage();
        log.warn("Refused a call-event from the page ({} of call {}): {}; kept as dead", event, callId, refusal.getMessage());
        OutboxEntry entry;
        try {
            entry = outbox.appendRefused(callId, event, at, path, String.valueOf(message), error, now);
        } catch (OutboxFullException e) {
            log.error("Lost a refused call event ({} of call {}): {}", event, callId, e.getMessage());
            return;
        }
        Forwarder current = forwarder;
        if (current != null) {
            current.offer(entry); // its call's later events now wait behind it
        }
    }

    /**
     * From now on, stored events are delivered by {@code forwarder} (set once the backend is chosen).
     * Call before {@link Forwarder#start}: it reads what is stored when it starts, and is offered
     * every event stored after this call (one stored in between is both, and sent once).
     */
    public void deliverWith(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    public Optional<BackendStatus> status() {
        Forwarder current = forwarder;
        return current == null ? Optional.empty() : current.status();
    }

    public Outbox.Counts counts() {
        return outbox.counts();
    }
}
