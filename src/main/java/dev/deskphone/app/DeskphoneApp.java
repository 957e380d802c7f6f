package dev.deskphone.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.bridge.PageMessageHandler;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Profile;
import dev.deskphone.profile.ProfileService;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the running app is wired together: configuration, TLS trust, the window with its
 * page, the account board and the single-instance channel, by plain constructor calls.
 */
public final class DeskphoneApp {
    private static final Logger log = LoggerFactory.getLogger(DeskphoneApp.class);

    /** How a launch ended, for the command line's exit code. */
    public enum Outcome { CLOSED, HANDED_TO_RUNNING_INSTANCE }

    private final AppOptions options;
    private final EventsOptions eventsOptions;
    private final ObjectMapper json = new ObjectMapper();
    private final AccountStatusBoard accounts = new AccountStatusBoard();
    private final AtomicLong windowShownAt = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile MainWindow window;
    // Kept here: WebKit holds the page's Java objects weakly, and the host owns them.
    private volatile WebViewHost host;

    private final CallOptions callOptions;

    public DeskphoneApp(AppOptions options) {
        this(options, CallOptions.NONE, EventsOptions.EMBEDDED);
    }

    public DeskphoneApp(AppOptions options, CallOptions callOptions) {
        this(options, callOptions, EventsOptions.EMBEDDED);
    }

    public DeskphoneApp(AppOptions options, CallOptions callOptions, EventsOptions eventsOptions) {
        this.options = options;
        this.callOptions = callOptions;
        this.eventsOptions = eventsOptions;
    }

    /**
     * Runs the app until its window is closed. A second launch for the same configuration hands
     * over to the running instance (which comes to the front) and returns at once.
     */
    public Outcome run(PrintWriter out) throws IOException, InterruptedException, GeneralSecurityException {
        InstanceAddress address = InstanceAddress.forConfigDir(options.configDirs().user(), options.env());
        InstanceClient client = new InstanceClient(address, json);
        if (client.request(json.createObjectNode().put("command", "activate")).isPresent()) {
            out.println("Deskphone is already running: its window was brought forward.");
            callOptions.handOver(client, json, out);
            return Outcome.HANDED_TO_RUNNING_INSTANCE;
        }

        ProfileService profiles = new ProfileService(options.configDirs());
        Configuration configuration = profiles.load();
        configuration.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
        TlsTrust tls = trustPbxCertificates(configuration);

        AppDirs dirs = options.appDirs();
        Files.createDirectories(dirs.data());
        try (AppExecutors executors = new AppExecutors();
                CallServices callServices = startCalls(options.env());
                SipSockets sockets = startSockets(tls);
                CallEventsService events = startEvents(dirs, executors);
                InstanceServer instance = InstanceServer.start(address, json, this::instanceRequest, executors.instanceChannel)) {
            Runnable sendConfig = () -> sendConfig(profiles);
            SettingsRequests settings = new SettingsRequests(profiles, executors.background, new SettingsRequests.Replies() {
                @Override
                public void result(Map<String, Object> settingsResult) {
                    host.pageApi().post(settingsResult);
                }

                @Override
                public void configurationChanged() {
                    sendConfig.run();
                }
            });
            PageMessageHandler messages = events.around(new PageMessages(() -> {
                callServices.pageReady();
                sockets.close();
                executors.background.execute(sendConfig);
            }, accounts, settings::handle, this::callMessage));
            Platform.startup(() -> openWindow(messages, dirs));
            closed.await();
        } finally {
            Platform.exit();
        }
        return Outcome.CLOSED;
    }

    private void openWindow(PageMessageHandler messages, AppDirs dirs) {
        host = new WebViewHost(json, messages, dirs.data().resolve("webview"));
        Stage stage = new Stage();
        window = new MainWindow(stage, host);
        stage.setOnHidden(event -> closed.countDown());
        window.show();
        windowShownAt.set(System.currentTimeMillis());
        log.info("Window shown {} ms after the JVM started",
                windowShownAt.get() - ManagementFactory.getRuntimeMXBean().getStartTime());
        host.load();
        // Queued by PageApi until the page is ready; the page dials once the account is registered.
        callOptions.initialDial().ifPresent(dial -> host.pageApi().post(dial));
    }

    // --- call events (issue 4): outbox now, backend and forwarder on a background thread ---

    private volatile CallEventsService callEvents;

    private CallEventsService startEvents(AppDirs dirs, AppExecutors executors) {
        callEvents = CallEventsService.start(eventsOptions, dirs.data(), json, executors.background,
                status -> Optional.ofNullable(host).ifPresent(h -> h.pageApi().post(status)));
        return callEvents;
    }

    /** Reads the configuration and secrets (disk: call off the FX thread) and sends them to the page. */
    private void sendConfig(ProfileService profiles) {
        PageConfig config = PageConfig.from(profiles.load(), profiles.loadSecrets(), options.profile())
                .withWrapUpSeconds(eventsOptions.wrapUpSeconds());
        accounts.retainOnly(config.accounts().stream().map(PageConfig.PageAccount::id).collect(java.util.stream.Collectors.toSet()));
        config.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
        host.pageApi().post(config.forCalls(callOptions.autoAnswerSeconds()));
    }

    private TlsTrust trustPbxCertificates(Configuration configuration) throws IOException, GeneralSecurityException {
        List<TlsTrust.PrivateCa> privateCas = configuration.profiles().stream()
                .filter(profile -> profile.caFile().isPresent())
                .map(profile -> new TlsTrust.PrivateCa(profile.server(), profile.caFile().get()))
                .toList();
        TlsTrust tls = TlsTrust.create(privateCas);
        tls.installForWebView();
        log.info("TLS: host names verified; private CAs for {}", configuration.profiles().stream()
                .filter(p -> p.caFile().isPresent()).map(Profile::name).toList());
        return tls;
    }

    // --- calls (issue 3): the media engine, the page's call messages, dial/call instance commands ---

    private volatile CallServices calls;

    private CallServices startCalls(Map<String, String> env) {
        calls = new CallServices(CallServices.settingsFrom(env), message -> host.pageApi().post(message));
        return calls;
    }

    private volatile SipSockets sipSockets;

    private SipSockets startSockets(TlsTrust tls) {
        sipSockets = new SipSockets(tls::contextFor, message -> host.pageApi().post(message));
        return sipSockets;
    }

    private void callMessage(String type, ObjectNode message) {
        switch (type) {
            case "ws-open", "ws-send", "ws-close" -> sipSockets.handle(type, message);
            case "media-request" -> calls.mediaRequest(message);
            case "call-state" -> calls.callState(message, json);
            default -> throw new IllegalArgumentException("unknown message type '" + type + "'");
        }
    }

    /** The single-instance channel: {@code status} (for `deskphone status` and tests) and {@code activate}. */
    private ObjectNode instanceRequest(JsonNode request) {
        String command = request.path("command").asText("");
        ObjectNode reply = json.createObjectNode().put("ok", true);
        switch (command) {
            case "status" -> {
                reply.put("pid", ProcessHandle.current().pid());
                reply.put("startedAt", ManagementFactory.getRuntimeMXBean().getStartTime());
                if (windowShownAt.get() > 0) {
                    reply.put("windowShownAt", windowShownAt.get());
                }
                reply.set("accounts", json.valueToTree(accounts.snapshot()));
                Optional.ofNullable(calls).ifPresent(c -> c.status(reply, json));
                Optional.ofNullable(callEvents).ifPresent(events -> reply.set("backend", events.status(json)));
            }
            case "activate" -> Optional.ofNullable(window).ifPresent(w -> Platform.runLater(w::activate));
            default -> {
                if (calls == null || !calls.instanceCommand(command, request, reply)) {
                    reply.put("ok", false).put("error", "unknown command '" + command + "'");
                } else if ("dial".equals(command)) {
                    Optional.ofNullable(window).ifPresent(w -> Platform.runLater(w::activate));
                }
            }
        }
        return reply;
    }
}
