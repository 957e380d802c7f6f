package dev.deskphone.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.calls.UnfinishedCalls;
import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.events.BackendStatus;
import dev.deskphone.events.CallEvents;
import dev.deskphone.events.CallHistory;
import dev.deskphone.events.DeliveryPolicy;
import dev.deskphone.events.Forwarder;
import dev.deskphone.events.HistoryJson;
import dev.deskphone.events.Outbox;
import dev.deskphone.events.OutboxFile;
import dev.deskphone.events.OutboxFullException;
import dev.deskphone.server.BackendConfig;
import dev.deskphone.server.BackendServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call events in the running app: the outbox opened at start-up (so the page's first event can be
 * stored at once), and the backend (the {@code --backend} one, or the embedded server started here)
 * with its forwarder, brought up off the FX thread while the window opens.
 *
 * <p>The outbox file's troubles are the agent's to see: a file that could not be used (moved aside at
 * start) and writes that fail (events held in memory, retried every {@link #RETRY_HELD_MS} ms) are
 * sent to the page as {@code outbox-status} and reported by the instance channel's {@code status}.
 */
final class CallEventsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallEventsService.class);
    static final String OUTBOX_FILE = "outbox.db";
    static final long RETRY_HELD_MS = 2_000;

    private final Outbox outbox;
    private final Optional<OutboxFile.MovedAside> movedAside;
    private final CallEvents events;
    private final ObjectMapper json;
    private final Consumer<BackendStatus> statusToPage;
    private final Consumer<ObjectNode> outboxStatusToPage;
    private final UnfinishedCalls unfinished;
    private final Executor background;
    /** The {@code --backend} one; empty for the embedded server. */
    private final Optional<BackendEndpoint> backend;

    private final Path dataDir;
    private final AtomicBoolean connecting = new AtomicBoolean();
    // Written once off the FX thread (the retry timer at start, the backend when it has connected,
    // which may take seconds) and read by the bridge's and instance channel's threads: volatile, so
    // a reader sees either nothing yet (the backend is still connecting) or the finished object.
    private volatile ScheduledFuture<?> retrying;
    private volatile Forwarder forwarder;
    private volatile BackendServer embedded;
    private volatile boolean closed;
    private final AtomicBoolean wrapUpsFinished = new AtomicBoolean();

    private CallEventsService(
            OutboxFile.Opened opened,
            ObjectMapper json,
            Consumer<BackendStatus> statusToPage,
            Consumer<ObjectNode> outboxStatusToPage,
            UnfinishedCalls unfinished,
            Executor background,
            Optional<BackendEndpoint> backend,
            Path dataDir) {
        this.outbox = opened.outbox();
        this.backend = backend;
        this.dataDir = dataDir;
        this.background = background;
        this.movedAside = opened.movedAside();
        this.json = json;
        this.statusToPage = statusToPage;
        this.outboxStatusToPage = outboxStatusToPage;
        this.unfinished = unfinished;
        this.events = new CallEvents(outbox, json, System::currentTimeMillis, storage -> publishOutboxStatus());
    }

    /**
     * Opens the outbox in {@code dataDir} now (moving an unusable one aside) and sends the wrap-ups a
     * crash left in open forms; events wait there until {@link #connectBackend}.
     *
     * @param timers retries held events while the outbox cannot be written
     * @param outboxStatusToPage the page's {@code outbox-status} messages
     */
    static CallEventsService start(
            EventsOptions options,
            Path dataDir,
            ObjectMapper json,
            Executor background,
            ScheduledExecutorService timers,
            Consumer<BackendStatus> statusToPage,
            Consumer<ObjectNode> outboxStatusToPage) {
        OutboxFile.Opened opened =
                OutboxFile.open(dataDir.resolve(OUTBOX_FILE), options.outboxCapacity(), true, Instant.now());
        CallEventsService service = new CallEventsService(
                opened,
                json,
                statusToPage,
                outboxStatusToPage,
                new UnfinishedCalls(json, System::currentTimeMillis),
                background,
                options.backend(),
                dataDir);
        service.events.sendDrafts();
        service.retrying = timers.scheduleWithFixedDelay(
                service.events::retryHeld, RETRY_HELD_MS, RETRY_HELD_MS, TimeUnit.MILLISECONDS);
        return service;
    }

    /**
     * Connects to the backend on the background executor: the {@code --backend} one, or the embedded
     * server, started now. Called once, when the window is up: the embedded server's start is the most
     * work of the launch, and nothing before the window needs it.
     */
    void connectBackend() {
        if (connecting.compareAndSet(false, true)) {
            background.execute(this::connect);
        }
    }

    private void connect() {
        BackendServer server = null;
        BackendEndpoint endpoint;
        if (backend.isPresent()) {
            endpoint = backend.get();
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

    /** The page's {@code call-event}: stored in the outbox (and so sent), or refused with the reason. */
    void callEvent(ObjectNode message) {
        accept(message);
    }

    /** The page's {@code wrapup-draft}: kept until its wrap-up is sent; a bad one is refused with the field named. */
    void wrapUpDraft(ObjectNode message) {
        events.saveDraft(message);
    }

    /**
     * A (re)loaded page has lost the earlier page's wrap-up forms: what the agent typed goes first,
     * then the calls still unfinished are closed (a call's wrap-up is sent once); the page gets the
     * backend and outbox status it missed.
     */
    void pageReady() {
        events.sendDrafts();
        unfinished.closeAll(UnfinishedCalls.Cut.PAGE_RELOADED, this::accept);
        events.status().ifPresent(statusToPage);
        publishOutboxStatus();
    }

    /**
     * The display went away and the page with it (ADR 0016): what open wrap-up forms hold is sent,
     * and every call still unfinished is recorded as cut off, so no call stays open in the records.
     * Any thread; the outbox commits each event before this returns.
     */
    void recordDisplayLost() {
        finishWrapUps();
        unfinished.closeAll(UnfinishedCalls.Cut.DISPLAY_LOST, this::accept);
    }

    /**
     * Whether a call the page reported has not had its wrap-up yet (it is in progress or its wrap-up
     * form is open): the page must stay loaded until it has. FX thread, like the page's messages.
     */
    boolean callsUnfinished() {
        return unfinished.anyOpen();
    }

    /** The page's {@code history-request}: the recent calls, read off the FX thread. */
    void historyRequested() {
        background.execute(this::publishHistory);
    }

    /** The page's {@code history-seen}: the missed calls shown are seen; the page gets the new count. */
    void historySeen() {
        background.execute(() -> {
            outbox.markHistorySeen();
            publishHistory();
        });
    }

    /** The page's {@code history}: the recent calls, newest first, and how many missed ones are unseen. */
    ObjectNode history() {
        ObjectNode node = json.createObjectNode().put("type", "history").put("unseenMissed", outbox.unseenMissed());
        ArrayNode entries = node.putArray("entries");
        for (CallHistory.Entry entry : outbox.history(CallHistory.KEEP, false)) {
            entries.add(HistoryJson.entry(json, entry));
        }
        return node;
    }

    private void publishHistory() {
        try {
            outboxStatusToPage.accept(history());
        } catch (IllegalStateException e) {
            log.warn("Cannot read the call history: {}", e.getMessage());
        }
    }

    /**
     * Sends what open wrap-up forms hold as their calls' wrap-ups, once per run: at quit, while the
     * backend can still take them, or at {@link #close} when the app ends without a quit.
     */
    void finishWrapUps() {
        if (wrapUpsFinished.compareAndSet(false, true)) {
            int sent = events.sendDrafts();
            log.info("Open wrap-up forms sent at exit: {}", sent);
        }
    }

    /** The page's {@code outbox-status}: whether writes fail, how many events are held, a file moved aside. */
    ObjectNode outboxStatus() {
        CallEvents.StorageStatus storage = events.storageStatus();
        ObjectNode node = json.createObjectNode()
                .put("type", "outbox-status")
                .put("state", storage.failing() ? "failing" : "ok")
                .put("held", storage.held());
        storage.error().ifPresent(error -> node.put("error", error));
        movedAside.ifPresent(aside -> node.put("warning", aside.warning()));
        return node;
    }

    private void publishOutboxStatus() {
        outboxStatusToPage.accept(outboxStatus());
    }

    private void accept(ObjectNode message) {
        try {
            events.accept(message);
            unfinished.stored(message);
            if ("ended".equals(message.path("event").asText())) {
                background.execute(this::publishHistory); // the window's history shows the call at once
            }
        } catch (OutboxFullException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // the page gets the reason
        }
    }

    /** For the instance channel's {@code status}. */
    ObjectNode status(ObjectMapper json) {
        Outbox.Counts counts = events.counts();
        ObjectNode node = json.createObjectNode()
                .put("state", events.status().map(BackendStatus::state).orElse("starting"))
                .put("pending", counts.pending())
                .put("dead", counts.dead())
                .put("capacity", counts.capacity());
        Optional.ofNullable(embedded)
                .ifPresent(server -> node.put("embedded", server.baseUrl().toString()));
        CallEvents.StorageStatus storage = events.storageStatus();
        node.put("held", storage.held());
        storage.error().ifPresent(error -> node.put("storageError", error));
        movedAside.ifPresent(aside -> node.put("outboxWarning", aside.warning()));
        return node;
    }

    @Override
    public synchronized void close() {
        closed = true;
        Optional.ofNullable(retrying).ifPresent(task -> task.cancel(false));
        finishWrapUps();
        events.retryHeld();
        if (forwarder != null) {
            forwarder.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        events.logHeld();
        outbox.close();
    }
}
