package dev.deskphone.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.contract.CallEventLimits;
import dev.deskphone.contract.SafeText;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's {@code call-event} and {@code wrapup-draft} messages in: checked, stored durably,
 * handed to the forwarder.
 *
 * <p>{@link #accept} runs on the FX thread, inside the page's upcall, and normally returns once the
 * event is committed to the outbox (one SQLite commit; benchmarks.md, "Call events"). When the
 * write fails (disk full, I/O error, read-only file system) the event is <em>held</em> in memory
 * instead, in order, and the page is answered as usual: it must never drop an event Java has.
 * Later events queue behind held ones (a call's events stay in order) without touching the disk;
 * {@link #retryHeld} (on a timer) stores them once writing works again. While events are held, the
 * {@link StorageStatus} listener hears it, for the window's banner and {@code deskphone status}.
 */
public final class CallEvents {
    private static final Logger log = LoggerFactory.getLogger(CallEvents.class);

    /** How the outbox's writes are going: {@code held} events wait in memory while {@code error} lasts. */
    public record StorageStatus(int held, Optional<String> error) {
        public boolean failing() {
            return error.isPresent();
        }
    }

    /** Stores one event (the outbox's {@link Outbox#append}); a seam for tests that make it fail. */
    @FunctionalInterface
    interface Appender {
        OutboxEntry append(PageCallEvent event, BackendRequest request, long now);
    }

    private record Held(PageCallEvent event, BackendRequest request) {}

    private final PageEventParser parser = new PageEventParser();
    private final ObjectMapper json;
    private final Outbox outbox;
    private final Appender appender;
    private final LongSupplier clock;
    private final Consumer<StorageStatus> storageListener;
    private volatile Forwarder forwarder;

    // Guarded by this.
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final Set<String> wrappedUp = new HashSet<>();
    private String storageError;

    public CallEvents(Outbox outbox, ObjectMapper json, LongSupplier clock) {
        this(outbox, json, clock, status -> {});
    }

    /** @param storageListener told when writes start or stop failing, and how many events are held */
    public CallEvents(Outbox outbox, ObjectMapper json, LongSupplier clock, Consumer<StorageStatus> storageListener) {
        this(outbox, outbox::append, json, clock, storageListener);
    }

    CallEvents(
            Outbox outbox,
            Appender appender,
            ObjectMapper json,
            LongSupplier clock,
            Consumer<StorageStatus> storageListener) {
        this.outbox = outbox;
        this.appender = appender;
        this.json = json;
        this.clock = clock;
        this.storageListener = storageListener;
    }

    /**
     * Stores one page message, or holds it in memory when the outbox cannot be written.
     *
     * @return the stored entry; empty when the event is held (it is stored by {@link #retryHeld}) or
     *     was a wrap-up already sent from its draft
     * @throws InvalidCallEventException if the message is malformed (the text names the field); it is
     *     kept as a dead event all the same, so its call shows as not delivered rather than vanishing
     * @throws OutboxFullException if the outbox is full (nothing stored)
     */
    public Optional<OutboxEntry> accept(JsonNode message) {
        PageCallEvent event;
        try {
            event = parser.parse(message);
        } catch (InvalidCallEventException e) {
            keepRefused(message, e);
            throw e;
        }
        return store(event);
    }

    private Optional<OutboxEntry> store(PageCallEvent event) {
        BackendRequest request = BackendRequest.of(event, json);
        OutboxEntry entry;
        boolean heldNow;
        synchronized (this) {
            if (event instanceof PageCallEvent.WrapUp && !wrappedUp.add(event.callId())) {
                log.info(
                        "Wrap-up of call {} was already sent from its draft; this one is not sent again",
                        event.callId());
                return Optional.empty();
            }
            try {
                if (held.isEmpty()) {
                    entry = appendOrHold(event, request);
                } else {
                    hold(event, request); // behind the held ones, without touching the failing disk
                    entry = null;
                }
            } catch (OutboxFullException e) {
                wrappedUp.remove(event instanceof PageCallEvent.WrapUp ? event.callId() : "");
                throw e;
            }
            heldNow = entry == null;
        }
        if (heldNow) {
            storageListener.accept(storageStatus());
            return Optional.empty();
        }
        offer(entry);
        return Optional.of(entry);
    }

    /** Stores the event, or holds it (returning null) when the outbox cannot be written. */
    private OutboxEntry appendOrHold(PageCallEvent event, BackendRequest request) {
        try {
            return appender.append(event, request, clock.getAsLong());
        } catch (OutboxFullException e) {
            log.error("Lost a call event ({} of call {}): {}", event.event(), event.callId(), e.getMessage());
            throw e;
        } catch (IllegalStateException e) {
            storageError = e.getMessage();
            log.error(
                    "Cannot write the call-event outbox ({}); keeping events in memory until it works again",
                    e.getMessage(),
                    e);
            hold(event, request);
            return null;
        }
    }

    private void hold(PageCallEvent event, BackendRequest request) {
        if (held.size() >= outbox.capacity()) {
            log.error(
                    "Lost a call event ({} of call {}): {} events are held in memory already",
                    event.event(),
                    event.callId(),
                    held.size());
            throw new OutboxFullException(outbox.capacity());
        }
        held.add(new Held(event, request));
    }

    /**
     * Stores held events, oldest first, until one fails again. Any thread but the FX thread (it
     * takes the disk's time); the page's new events wait behind held ones meanwhile, so order holds.
     */
    public void retryHeld() {
        boolean recovered = false;
        while (true) {
            OutboxEntry entry;
            synchronized (this) {
                Held next = held.peek();
                if (next == null) {
                    recovered = storageError != null;
                    storageError = null;
                    break;
                }
                try {
                    entry = appender.append(next.event(), next.request(), clock.getAsLong());
                } catch (IllegalStateException e) {
                    storageError = e.getMessage();
                    break;
                }
                held.poll();
            }
            offer(entry);
        }
        if (recovered) {
            log.info("The call-event outbox can be written again; held events are stored");
            storageListener.accept(storageStatus());
        }
    }

    /**
     * At exit with events still held (the outbox never recovered): each is logged with its backend
     * request, the one place left to recover it from.
     */
    public synchronized void logHeld() {
        for (Held h : held) {
            log.error(
                    "Call event not stored at exit ({} of call {}): POST {} {}",
                    h.event().event(),
                    h.event().callId(),
                    h.request().path(),
                    h.request().body());
        }
    }

    public synchronized StorageStatus storageStatus() {
        return new StorageStatus(held.size(), Optional.ofNullable(storageError));
    }

    /** Keeps what a wrap-up form holds ({@code wrapup-draft}), so a quit or crash cannot lose it. */
    public void saveDraft(JsonNode message) {
        WrapUpDraft draft;
        try {
            draft = WrapUpDraft.parse(message, parser);
        } catch (InvalidCallEventException e) {
            log.warn(
                    "Rejected a wrapup-draft from the page (call {}): {}",
                    message.path("callId").asText("?"),
                    e.getMessage());
            throw e;
        }
        synchronized (this) {
            if (wrappedUp.contains(draft.callId())) {
                return; // its wrap-up is sent; a late edit changes nothing
            }
        }
        try {
            outbox.saveDraft(draft);
        } catch (IllegalStateException e) {
            // The form still holds it; the banner already says the outbox cannot be written.
            log.error("Cannot keep the wrap-up draft of call {}: {}", draft.callId(), e.getMessage());
        }
    }

    /**
     * Sends every stored wrap-up draft as its call's {@code wrapup} event: at start (forms left by a
     * crash), when a page is (re)loaded (the old page's forms are gone) and at quit.
     *
     * @return how many drafts were sent
     */
    public int sendDrafts() {
        List<WrapUpDraft> drafts;
        try {
            drafts = outbox.drafts();
        } catch (IllegalStateException e) {
            log.error("Cannot read the wrap-up drafts: {}", e.getMessage());
            return 0;
        }
        int sent = 0;
        for (WrapUpDraft draft : drafts) {
            if (store(draft.toEvent()).isPresent() || heldWrapUp(draft.callId())) {
                sent++;
            } else {
                dropDraft(draft.callId()); // the call's wrap-up went another way: this draft must not follow it
            }
        }
        if (sent > 0) {
            log.info("Sent {} wrap-up{} from the notes left in open forms", sent, sent == 1 ? "" : "s");
        }
        return sent;
    }

    private void dropDraft(String callId) {
        try {
            outbox.dropDraft(callId);
        } catch (IllegalStateException e) {
            log.error("Cannot remove the wrap-up draft of call {}: {}", callId, e.getMessage());
        }
    }

    private synchronized boolean heldWrapUp(String callId) {
        return held.stream()
                .anyMatch(h -> h.event() instanceof PageCallEvent.WrapUp
                        && h.event().callId().equals(callId));
    }

    private void offer(OutboxEntry entry) {
        Forwarder current = forwarder;
        if (current != null) {
            current.offer(entry);
        }
    }

    private void keepRefused(JsonNode message, InvalidCallEventException refusal) {
        String callId =
                SafeText.clip(message == null ? "" : message.path("callId").asText(""), CallEventLimits.NAME);
        String event =
                SafeText.clip(message == null ? "" : message.path("event").asText(""), CallEventLimits.NAME);
        callId = callId.isBlank() ? "unknown" : callId;
        event = event.isBlank() ? "unknown" : event;
        long now = clock.getAsLong();
        long at = message != null && message.path("at").canConvertToLong()
                ? message.path("at").asLong()
                : now;
        String path = BackendRequest.path(callId, event);
        String error = "refused by the app: " + refusal.getMessage();
        log.warn(
                "Refused a call-event from the page ({} of call {}): {}; kept as dead",
                event,
                callId,
                refusal.getMessage());
        OutboxEntry entry;
        try {
            entry = outbox.appendRefused(callId, event, at, path, String.valueOf(message), error, now);
        } catch (OutboxFullException e) {
            log.error("Lost a refused call event ({} of call {}): {}", event, callId, e.getMessage());
            return;
        }
        offer(entry); // its call's later events now wait behind it
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
