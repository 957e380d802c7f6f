package dev.deskphone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.bridge.PageMessageHandler;
import dev.deskphone.bridge.PageRouter;
import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.events.BackendStatus;
import dev.deskphone.events.CallEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The app's doorway for call events: routing, rejection with a reason, the outbox limit, status on ready. */
class CallEventsServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final MockWebServer backend = new MockWebServer();
    private final List<BackendStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<String> others = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> outboxStatuses = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private CallEventsService service;
    private PageMessageHandler handler;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 5; i++) {
            backend.enqueue(new MockResponse().setResponseCode(201).setBody("{}"));
        }
        backend.start(java.net.InetAddress.getLoopbackAddress(), 0);
        log.start();
        ((Logger) LoggerFactory.getLogger(CallEvents.class)).addAppender(log);
        startService();
    }

    private void startService() {
        startService(true);
    }

    /** Starts the service as the app does; {@code connect}: and connects it to the backend (the window is up). */
    private void startService(boolean connect) {
        EventsOptions options = new EventsOptions(
                Optional.of(new BackendEndpoint(backend.url("/").uri(), "t0ken")), 2, Optional.empty());
        service = CallEventsService.start(
                options, dataDir, JSON, Runnable::run, timers, statuses::add, outboxStatuses::add);
        if (connect) {
            service.connectBackend();
        }
        // The app's routes for these messages (DeskphoneApp), then the others'.
        handler = PageRouter.builder()
                .on("call-event", service::callEvent)
                .on("wrapup-draft", service::wrapUpDraft)
                .on("ready", message -> service.pageReady())
                .on(List.of("ready", "account-state"), (type, message) -> others.add(type))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(CallEvents.class)).detachAppender(log);
        service.close();
        timers.shutdownNow();
        backend.shutdown();
    }

    private static ObjectNode created(String id) {
        return JSON.createObjectNode()
                .put("type", "call-event")
                .put("event", "created")
                .put("callId", id)
                .put("at", 1_760_000_000_000L)
                .put("direction", "outbound")
                .put("account", "1001")
                .put("profile", "office")
                .put("localUri", "sip:1001@pbx")
                .put("remoteUri", "sip:1002@pbx");
    }

    @Test
    void aCallEventIsStoredAndSentOtherMessagesGoOn() throws Exception {
        String id = UUID.randomUUID().toString();
        handler.onMessage("call-event", created(id));
        handler.onMessage("account-state", JSON.createObjectNode());

        RecordedRequest sent = backend.takeRequest(10, TimeUnit.SECONDS);
        while (sent != null && !sent.getMethod().equals("POST")) {
            sent = backend.takeRequest(10, TimeUnit.SECONDS); // the start-up probe
        }
        assertThat(sent).isNotNull();
        assertThat(sent.getPath()).isEqualTo("/internal/calls");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(sent.getBody().readUtf8())
                .contains("\"id\":\"" + id + "\"", "\"started_at\":\"2025-10-09T08:53:20Z\"");
        assertThat(others).containsExactly("account-state");
        assertThat(service.status(JSON).path("capacity").asInt()).isEqualTo(2);
    }

    @Test
    void aMalformedCallEventIsRefusedWithItsReasonLoggedAndKeptAsDead() {
        ObjectNode bad = created("not-a-uuid");
        assertThatThrownBy(() -> handler.onMessage("call-event", bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callId: must be a lower-case UUID v4, got 'not-a-uuid'");
        assertThat(log.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel().toString()).isEqualTo("WARN");
            assertThat(line.getFormattedMessage())
                    .contains(
                            "Refused a call-event from the page (created of call not-a-uuid)",
                            "callId: must be a lower-case UUID v4",
                            "kept as dead");
        });
        assertThat(service.status(JSON).path("pending").asInt()).isZero();
        assertThat(service.status(JSON).path("dead").asInt())
                .as("kept, never only logged")
                .isEqualTo(1);
        assertThat(others).isEmpty();
    }

    @Test
    void aRefusedEventKeepsItsCallUndeliveredAndItsLaterEventsWaitBehindIt() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> handler.onMessage("call-event", created(id).put("direction", "sideways")))
                .hasMessageContaining("direction");
        handler.onMessage(
                "call-event",
                JSON.createObjectNode()
                        .put("type", "call-event")
                        .put("event", "answered")
                        .put("callId", id)
                        .put("at", 1_760_000_001_000L));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // The forwarder publishes its picture as events arrive: wait for the one holding both.
        java.util.function.Predicate<BackendStatus> both = s -> s.undelivered().contains(id) && s.pending() == 1;
        while (statuses.stream().noneMatch(both) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        BackendStatus status = statuses.stream()
                .filter(both)
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("no status with " + id + " undelivered and answered waiting: " + statuses));
        assertThat(status.dead()).isEqualTo(1);
        for (RecordedRequest r; (r = backend.takeRequest(300, TimeUnit.MILLISECONDS)) != null; ) {
            assertThat(r.getMethod())
                    .as("nothing of the call is sent without its created: " + r.getPath())
                    .isEqualTo("GET");
        }
    }

    @Test
    void aFullOutboxRefusesTheEventWithAReasonThePageCanShow() {
        backend.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(503); // the backend is down: events stay
            }
        });
        handler.onMessage("call-event", created(UUID.randomUUID().toString()));
        handler.onMessage("call-event", created(UUID.randomUUID().toString()));
        assertThatThrownBy(() -> handler.onMessage(
                        "call-event", created(UUID.randomUUID().toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outbox is full (2 events");
    }

    @Test
    void aReloadedPageGetsTheLatestBackendStatus() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (statuses.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(statuses).isNotEmpty();
        int before = statuses.size();
        handler.onMessage("ready", JSON.createObjectNode());
        assertThat(others).containsExactly("ready");
        assertThat(statuses).hasSize(before + 1);
        assertThat(statuses.get(before).state()).isEqualTo("online");
    }

    @Test
    void anUnreadableOutboxIsMovedAsideAndTheWarningReachesThePageAndTheStatus() throws Exception {
        service.close();
        byte[] garbage = "not an SQLite file".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Files.write(dataDir.resolve("outbox.db"), garbage);
        startService();

        try (var listing = java.nio.file.Files.list(dataDir)) {
            assertThat(listing.filter(p -> p.getFileName().toString().startsWith("outbox.db.unreadable-")))
                    .singleElement()
                    .satisfies(aside ->
                            assertThat(java.nio.file.Files.readAllBytes(aside)).isEqualTo(garbage));
        }
        assertThat(service.status(JSON).path("outboxWarning").asText())
                .contains("outbox.db.unreadable-", "a new one started");
        handler.onMessage("ready", JSON.createObjectNode());
        assertThat(outboxStatuses).last().satisfies(status -> {
            assertThat(status.path("type").asText()).isEqualTo("outbox-status");
            assertThat(status.path("state").asText()).isEqualTo("ok");
            assertThat(status.path("warning").asText()).contains("could not be read");
        });
        handler.onMessage("call-event", created(UUID.randomUUID().toString()));
        assertThat(service.status(JSON).path("pending").asInt() + backend.getRequestCount())
                .isPositive();
    }

    @Test
    void aWrapUpDraftIsSentAsTheWrapUpWhenTheAppCloses() throws Exception {
        String id = UUID.randomUUID().toString();
        handler.onMessage(
                "wrapup-draft",
                JSON.createObjectNode()
                        .put("type", "wrapup-draft")
                        .put("callId", id)
                        .put("at", 1_760_000_000_000L)
                        .put("notes", "wants a callback"));
        assertThatThrownBy(() -> handler.onMessage(
                        "wrapup-draft",
                        JSON.createObjectNode().put("callId", "x").put("at", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callId");
        service.close();
        try (dev.deskphone.events.Outbox outbox =
                dev.deskphone.events.Outbox.open(dataDir.resolve("outbox.db"), 10, true)) {
            assertThat(outbox.drafts()).isEmpty();
            boolean inOutbox = outbox.list(false).stream()
                    .anyMatch(e -> e.path().equals("/internal/calls/" + id + "/wrapup")
                            && e.body().contains("wants a callback"));
            boolean delivered = false;
            for (int i = backend.getRequestCount(); i > 0; i--) {
                RecordedRequest request = backend.takeRequest(1, TimeUnit.SECONDS);
                delivered |= request != null && ("/internal/calls/" + id + "/wrapup").equals(request.getPath());
            }
            assertThat(inOutbox || delivered)
                    .as("the draft became the call's wrap-up")
                    .isTrue();
        }
        startService(); // for stop()
    }

    @Test
    void atQuitTheOpenFormsAreSentOnceNotAgainWhenTheServiceCloses() throws Exception {
        ListAppender<ILoggingEvent> serviceLog = new ListAppender<>();
        serviceLog.start();
        Logger serviceLogger = (Logger) LoggerFactory.getLogger(CallEventsService.class);
        serviceLogger.addAppender(serviceLog);
        try {
            String id = UUID.randomUUID().toString();
            handler.onMessage(
                    "wrapup-draft",
                    JSON.createObjectNode()
                            .put("type", "wrapup-draft")
                            .put("callId", id)
                            .put("at", 1_760_000_000_000L)
                            .put("notes", "call back at five"));

            service.finishWrapUps(); // the tray's Quit
            service.close(); // run() ends

            assertThat(serviceLog.list)
                    .filteredOn(line -> line.getFormattedMessage().startsWith("Open wrap-up forms sent at exit"))
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("Open wrap-up forms sent at exit: 1");
        } finally {
            serviceLogger.detachAppender(serviceLog);
        }
        startService(); // for stop()
    }

    @Test
    void aReloadedPageLosesItsFormsSoTheirDraftsAreSentAsWrapUps() {
        String id = UUID.randomUUID().toString();
        handler.onMessage(
                "wrapup-draft",
                JSON.createObjectNode()
                        .put("type", "wrapup-draft")
                        .put("callId", id)
                        .put("at", 1_760_000_000_000L)
                        .put("disposition", "sale"));
        try (dev.deskphone.events.Outbox reader =
                dev.deskphone.events.Outbox.open(dataDir.resolve("outbox.db"), 10, false)) {
            assertThat(reader.drafts())
                    .extracting(dev.deskphone.events.WrapUpDraft::callId)
                    .containsExactly(id);

            handler.onMessage("ready", JSON.createObjectNode());

            // A draft leaves the file only with its wrap-up event's append, in one transaction.
            assertThat(reader.drafts()).isEmpty();
            assertThat(outboxStatuses)
                    .last()
                    .satisfies(
                            status -> assertThat(status.path("state").asText()).isEqualTo("ok"));
        }
    }

    @Test
    void aCallThePreviousPageLeftOpenIsRecordedAsCutOffWhenTheNextPageIsReady() throws Exception {
        backend.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(201).setBody("{}"); // however many probes came first
            }
        });
        String id = UUID.randomUUID().toString();
        handler.onMessage("call-event", created(id));
        List<String> posted = new java.util.ArrayList<>();
        while (posted.size() < 3) {
            RecordedRequest sent = backend.takeRequest(10, TimeUnit.SECONDS);
            if (sent == null) {
                break;
            }
            if (sent.getMethod().equals("POST")) {
                posted.add(sent.getPath() + " " + sent.getBody().readUtf8());
            }
            if (posted.size() == 1) {
                // The outbox holds two events: the cut-off call's ended and wrap-up fit once its created is recorded as
                // delivered.
                awaitOutboxEmpty();
                handler.onMessage("ready", JSON.createObjectNode()); // the reloaded page
            }
        }
        assertThat(posted).hasSize(3);
        assertThat(posted.get(1)).contains(id, "\"reason\":\"failed\"", "\"ended_by\":\"local\"");
        assertThat(posted.get(2)).contains(id, "\"disposition\":\"page-reloaded\"");
        assertThat(others).containsExactly("ready");
    }

    @Test
    void aReloadSendsTheAgentsDraftAsTheWrapUpInsteadOfTheCutOffOne() throws Exception {
        String id = UUID.randomUUID().toString();
        handler.onMessage("call-event", created(id));
        awaitOutboxEmpty(); // this outbox holds two events
        handler.onMessage(
                "call-event",
                JSON.createObjectNode()
                        .put("type", "call-event")
                        .put("event", "ended")
                        .put("callId", id)
                        .put("at", 1_760_000_001_000L)
                        .put("reason", "completed")
                        .put("endedBy", "remote"));
        awaitOutboxEmpty();
        handler.onMessage(
                "wrapup-draft",
                JSON.createObjectNode()
                        .put("type", "wrapup-draft")
                        .put("callId", id)
                        .put("at", 1_760_000_002_000L)
                        .put("notes", "typed before the reload"));

        handler.onMessage("ready", JSON.createObjectNode());

        List<String> wrapUps = new java.util.ArrayList<>();
        for (int i = 0; i < 10 && wrapUps.isEmpty(); i++) {
            RecordedRequest sent = backend.takeRequest(2, TimeUnit.SECONDS);
            if (sent != null && sent.getPath().endsWith("/wrapup")) {
                wrapUps.add(sent.getBody().readUtf8());
            }
        }
        assertThat(wrapUps)
                .singleElement()
                .satisfies(body ->
                        assertThat(body).contains("typed before the reload").doesNotContain("page-reloaded"));
        assertThat(backend.takeRequest(1, TimeUnit.SECONDS))
                .as("no second wrap-up")
                .isNull();
    }

    @Test
    void eventsWaitInTheOutboxUntilTheBackendIsConnected() throws Exception {
        service.close();
        startService(false);
        int requestsBefore = backend.getRequestCount();
        handler.onMessage("call-event", created(UUID.randomUUID().toString()));
        Thread.sleep(500); // a forwarder, had it started, would have sent it by now

        assertThat(backend.getRequestCount())
                .as("nothing sent before connectBackend")
                .isEqualTo(requestsBefore);
        assertThat(service.status(JSON).path("pending").asInt()).isEqualTo(1);

        service.connectBackend();
        awaitOutboxEmpty();
        assertThat(backend.getRequestCount()).isGreaterThan(requestsBefore);
    }

    private void awaitOutboxEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (service.status(JSON).path("pending").asInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(service.status(JSON).path("pending").asInt()).isZero();
    }
}
