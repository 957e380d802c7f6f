package dev.deskphone.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.bridge.PageMessageHandler;
import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.events.BackendStatus;
import dev.deskphone.events.CallEvents;
import dev.deskphone.events.DeliveryPolicy;
import dev.deskphone.events.Forwarder;
import dev.deskphone.events.OutboxFullException;
import dev.deskphone.events.Outbox;
import dev.deskphone.server.BackendConfig;
import dev.deskphone.server.BackendServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call events in the running app: the outbox opened at start-up (so the page's first event can be
 * stored at once), and the backend (the {@code --backend} one, or the embedded server started here)
 * with its forwarder, brought up off the FX thread while the window opens.
 */
final class CallEventsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallEventsService.class);
    static final String OUTBOX_FILE = "outbox.db";

    private final Outbox outbox;
    private final CallEvents events;
    private final Consumer<BackendStatus> statusToPage;
    private final UnfinishedCalls unfinished;
    private volatile Forwarder forwarder;
    private volatile BackendServer embedded;
    private volatile boolean closed;

    private CallEventsService(Outbox outbox, CallEvents events, Consumer<BackendStatus> statusToPage,
            UnfinishedCalls unfinished) {
        this.outbox = outbox;
        this.events = events;
        this.statusToPage = statusToPage;
        this.unfinished = unfinished;
    }

    /** Opens the outbox in {@code dataDir} now; connects to the backend on {@code background}. */
    static CallEventsService start(EventsOptions options, Path dataDir, ObjectMapper json, Executor background,
            Consumer<BackendStatus> statusToPage) {
        Outbox outbox = Outbox.open(dataDir.resolve(OUTBOX_FILE), options.outboxCapacity(), true);
        CallEventsService service = new CallEventsService(outbox, new CallEvents(outbox, json, System::currentTimeMillis),
                statusToPage, new UnfinishedCalls(json, System::currentTimeMillis));
        background.execute(() -> service.connect(options.backend(), dataDir, statusToPage));
        return service;
    }

    private void connect(Optional<BackendEndpoint> configured, Path dataDir, Consumer<BackendStatus> statusToPage) {
        BackendServer server = null;
        BackendEndpoint endpoint;
        if (configured.isPresent()) {
            endpoint = configured.get();
        } else {
            try {
                server = BackendServer.start(BackendConfig.embedded(dataDir));
                endpoint = new BackendEndpoint(server.baseUrl(), server.localToken());
            } catch (RuntimeException e) {
                // Calls go on without it; events wait in the outbox for the next start.
                log.error("The embedded backend did not start: {}; call events wait in the outbox", e.getMessage(), e);
                return;
            }
        }
        synchronized (this) {
            if (closed) { // the window was closed while the backend was starting
                if (server != null) {
                    server.close();
                }
                return;
            }
            embedded = server;
            forwarder = new Forwarder(outbox, endpoint, DeliveryPolicy.DEFAULT, statusToPage, new SecureRandom());
            events.deliverWith(forwarder);
            forwarder.start();
        }
    }

    /**
     * Puts the {@code call-event} messages in front of the app's other page messages, records the
     * calls a reloaded page left unfinished, and gives a (re)loaded page the backend status it missed.
     */
    PageMessageHandler around(PageMessageHandler others) {
        return (type, message) -> {
            if ("call-event".equals(type)) {
                accept(message);
                return;
            }
            if ("ready".equals(type)) {
                unfinished.closeAll(this::accept);
            }
            others.onMessage(type, message);
            if ("ready".equals(type)) {
                events.status().ifPresent(statusToPage);
            }
        };
    }

    private void accept(ObjectNode message) {
        try {
            events.accept(message);
            unfinished.stored(message);
        } catch (OutboxFullException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // the page gets the reason
        }
    }

    /** For the instance channel's {@code status}. */
    ObjectNode status(ObjectMapper json) {
        Outbox.Counts counts = events.counts();
        ObjectNode node = json.createObjectNode()
                .put("state", events.status().map(BackendStatus::state).orElse("starting"))
                .put("pending", counts.pending()).put("dead", counts.dead()).put("capacity", counts.capacity());
        Optional.ofNullable(embedded).ifPresent(server -> node.put("embedded", server.baseUrl().toString()));
        return node;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (forwarder != null) {
            forwarder.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        outbox.close();
    }
}
