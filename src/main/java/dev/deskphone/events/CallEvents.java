package dev.deskphone.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
     * @throws InvalidCallEventException if the message is malformed (nothing stored; the text names the field)
     * @throws OutboxFullException if the outbox is full (nothing stored)
     */
    public OutboxEntry accept(JsonNode message) {
        PageCallEvent event;
        try {
            event = parser.parse(message);
        } catch (InvalidCallEventException e) {
            log.warn("Rejected a call-event from the page ({} of call {}): {}", message.path("event").asText("?"),
                    message.path("callId").asText("?"), e.getMessage());
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
