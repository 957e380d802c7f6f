package dev.deskphone.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.accounts.AccountAvailability;
import dev.deskphone.accounts.AccountCommands;
import dev.deskphone.accounts.AccountStatusBoard;
import dev.deskphone.audio.AudioSettings;
import dev.deskphone.bridge.BundledPage;
import dev.deskphone.bridge.PageMessageHandler;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.calls.CallServices;
import dev.deskphone.calls.DialOrigin;
import dev.deskphone.desktop.AwtTray;
import dev.deskphone.desktop.CallNotificationWindows;
import dev.deskphone.desktop.DesktopShell;
import dev.deskphone.desktop.DisplayLoss;
import dev.deskphone.desktop.FreedesktopNotifications;
import dev.deskphone.desktop.MainWindow;
import dev.deskphone.desktop.QuitSignals;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceBroadcast;
import dev.deskphone.instance.InstanceClient;
import dev.deskphone.instance.InstanceHandOver;
import dev.deskphone.instance.InstanceLock;
import dev.deskphone.instance.InstanceServer;
import dev.deskphone.media.AudioRouter;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Profile;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.ringing.ClipRingtone;
import dev.deskphone.ringing.IncomingCallAlerts;
import dev.deskphone.ringing.PaplayRingtone;
import dev.deskphone.ringing.RingerRingtone;
import dev.deskphone.sip.KeepAliveTimer;
import dev.deskphone.sip.NetworkWatch;
import dev.deskphone.sip.SipSockets;
import dev.deskphone.sip.TlsTrust;
import dev.deskphone.state.DesktopStateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    public enum Outcome {
        CLOSED,
        HANDED_TO_RUNNING_INSTANCE
    }

    private final AppOptions options;
    private final EventsOptions eventsOptions;
    private final ObjectMapper json = new ObjectMapper();
    private final AccountStatusBoard accounts = new AccountStatusBoard();
    private final AtomicLong windowShownAt = new AtomicLong();
    /** How long a real quit waits for the PBX to confirm the accounts' unregistration. */
    private static final Duration UNREGISTER_AT_QUIT = Duration.ofSeconds(3);

    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean quitting = new AtomicBoolean();
    private final AtomicLong activatedAt = new AtomicLong();
    /** What the last configuration sent to the page left out or could not read, for `deskphone status`. */
    private final AtomicReference<List<String>> configWarnings = new AtomicReference<>(List.of());

    private volatile MainWindow window;
    private volatile DesktopShell shell;
    private volatile IncomingCallAlerts alerts;
    // Kept here: WebKit holds the page's Java objects weakly, and the host owns them.
    private volatile WebViewHost host;
    // Started in run(), closed with it; read by the bridge and instance-channel handlers.
    private volatile CallEventsService callEvents;
    private volatile CallServices calls;
    private volatile SipSockets sipSockets;
    private volatile AudioSettings audio;
    private volatile AccountAvailability availability;

    private final CallOptions callOptions;
    /** Each call's changes, streamed to `deskphone calls watch` over the instance channel. */
    private final InstanceBroadcast callWatchers = new InstanceBroadcast();

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
     * Runs the app until the agent quits (the window's close where there is no tray, or the tray's
     * Quit). A second launch for the same configuration hands over to the running instance (which
     * comes to the front, and dials the launch's sip:/tel: link) and returns at once.
     */
    public Outcome run(PrintWriter out) throws IOException, InterruptedException, GeneralSecurityException {
        InstanceAddress address =
                InstanceAddress.forConfigDir(options.configDirs().user(), options.env());
        InstanceClient client = new InstanceClient(address, json);
        Optional<InstanceLock> claim =
                new InstanceHandOver(address, client, json).claimOrHandOver(options.dial(), InstanceHandOver.PATIENCE);
        if (claim.isEmpty()) {
            out.println(options.dial()
                    .map(link -> "Deskphone is already running: " + link.uri() + " was handed to it.")
                    .orElse("Deskphone is already running: its window was brought forward."));
            callOptions.handOver(client, json, out);
            return Outcome.HANDED_TO_RUNNING_INSTANCE;
        }
        try (InstanceLock lock = claim.get()) {
            QuitSignals.install(this::quitFromOutside);
            runInstance(address);
        }
        return Outcome.CLOSED;
    }

    /** Runs the app as this configuration's instance (the caller holds the instance lock) until it quits. */
    private void runInstance(InstanceAddress address)
            throws IOException, InterruptedException, GeneralSecurityException {
        // AWT (the tray) joins the display before JavaFX does (see DisplayLoss), while the rest starts.
        Future<?> awtFirst = DisplayLoss.connectAwtFirst();
        ProfileService profiles =
                new ProfileService(options.configDirs(), ProfileService.systemSecretsGroup(options.env()));
        Configuration configuration = profiles.load();
        configuration.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
        TlsTrust tls = trustPbxCertificates(configuration);

        AppDirs dirs = options.appDirs();
        Files.createDirectories(dirs.data());
        try (AppExecutors executors = new AppExecutors();
                CallServices callServices = startCalls(options.env());
                AudioRouter audioRouter = AudioRouter.start(
                        ProcessHandle.current().pid(),
                        options.env(),
                        () -> Optional.ofNullable(audio).ifPresent(AudioSettings::devicesChanged));
                SipSockets sockets = startSockets(tls, executors);
                CallEventsService events = startEvents(dirs, executors)) {
            // Copying the page out of the jar (tens of ms) overlaps the rest of start-up.
            CompletableFuture<BundledPage> page = CompletableFuture.supplyAsync(
                    () -> BundledPage.install(dirs.data().resolve("page")), executors.background);
            // So does asking the session bus for a notification service (the alerts' first choice).
            CompletableFuture<IncomingCallAlerts.Notifier> notifier =
                    CompletableFuture.supplyAsync(this::callNotifier, executors.background);
            DesktopStateStore desktopState = new DesktopStateStore(dirs.data(), json, executors.background);
            audio = new AudioSettings(
                    audioRouter::devices,
                    audioRouter,
                    desktopState,
                    message -> host.pageApi().post(message));
            audio.start();
            availability = new AccountAvailability(
                    desktopState.get().dndAccounts(), dnd -> desktopState.update(s -> s.withDnd(dnd)));
            AvailabilityMessages availabilityMessages =
                    new AvailabilityMessages(availability, json, this::postIfTheWindowExists);
            Runnable sendConfig = () -> sendConfig(profiles);
            SettingsRequests settings =
                    new SettingsRequests(profiles, executors.background, new SettingsRequests.Replies() {
                        @Override
                        public void result(Map<String, Object> settingsResult) {
                            host.pageApi().post(settingsResult);
                        }

                        @Override
                        public void configurationChanged() {
                            sendConfig.run();
                        }
                    });
            AccountCommands accountCommands =
                    new AccountCommands(accounts, message -> host.pageApi().post(message));
            RingerRingtone ringtone = new RingerRingtone(
                    () -> desktopState.get().audioChoices().ringerId(),
                    new ClipRingtone(),
                    PaplayRingtone.find(options.env(), dirs.data()));
            alerts = new IncomingCallAlerts(
                    notifier.join(),
                    ringtone,
                    callId -> host.pageApi().post(Map.of("type", "command", "name", "answer", "callId", callId)),
                    callId -> host.pageApi().post(Map.of("type", "command", "name", "decline", "callId", callId)),
                    () -> shell.showWindow());
            PageMessageHandler messages = events.around(availabilityMessages.around(new PageMessages(
                    () -> {
                        // A (re)loaded page starts afresh: its calls and SIP sockets from before are gone.
                        callServices.pageReady();
                        sockets.close();
                        executors.background.execute(sendConfig);
                    },
                    accounts,
                    settings::handle,
                    alerts::onPageMessage,
                    this::callMessage)));
            // The window may hide in the tray: the app ends on quit, not when its last window closes.
            Platform.setImplicitExit(false);
            BundledPage bundledPage = page.join();
            DisplayLoss.await(awtFirst);
            CountDownLatch windowOpened = new CountDownLatch(1);
            Platform.startup(() -> {
                try {
                    openWindow(messages, dirs, bundledPage, desktopState, accountCommands, executors);
                    host.keepLoadedWhile(callServices::callsInProgress); // SIP sessions die with the page
                } finally {
                    windowOpened.countDown();
                }
            });
            // Other launches wait (holding off on the lock) until the channel answers: by then the
            // window and its page queue exist, so a handed-over link has somewhere to go.
            windowOpened.await();
            try (InstanceServer instance = InstanceServer.start(
                    address, json, this::instanceRequest, callWatchers, executors.instanceChannel)) {
                closed.await();
            }
            Optional.ofNullable(shell).ifPresent(DesktopShell::dispose);
            if (notifier.join() instanceof FreedesktopNotifications bus) {
                bus.close();
            }
        } finally {
            Platform.exit();
        }
    }

    private void openWindow(
            PageMessageHandler messages,
            AppDirs dirs,
            BundledPage page,
            DesktopStateStore desktopState,
            AccountCommands accountCommands,
            AppExecutors executors) {
        host = new WebViewHost(json, messages, dirs.data().resolve("webview"), page);
        Stage stage = new Stage();
        window = new MainWindow(stage, host);
        shell = new DesktopShell(
                stage, new AwtTray(), desktopState, accountCommands, () -> quit(accountCommands, executors));
        shell.restorePlacement();
        window.show();
        windowShownAt.set(System.currentTimeMillis());
        log.info(
                "Window shown {} ms after the JVM started",
                windowShownAt.get() - ManagementFactory.getRuntimeMXBean().getStartTime());
        host.load();
        // Queued by PageApi until the page is ready; the page dials once the account is registered.
        options.dial()
                .ifPresent(link -> host.pageApi()
                        .post(Map.of(
                                "type",
                                "command",
                                "name",
                                "dial",
                                "target",
                                link.uri(),
                                "origin",
                                DialOrigin.LINK.wireName())));
        callOptions.initialDial().ifPresent(dial -> host.pageApi().post(dial));
        // Starting AWT for the tray takes a moment: after the window is up, and off the FX thread.
        executors.background.execute(() -> shell.startTray(accounts, availability));
    }

    /**
     * The incoming-call alert: a desktop notification with Answer and Decline where the session bus
     * has a notification service, else the app's own window.
     */
    private IncomingCallAlerts.Notifier callNotifier() {
        return FreedesktopNotifications.connect(
                Optional.ofNullable(options.env().get("DBUS_SESSION_BUS_ADDRESS")),
                new CallNotificationWindows(),
                Platform::runLater);
    }

    /** SIGTERM or SIGHUP quits as the tray's Quit does; before the window exists, run() just ends. */
    private void quitFromOutside() {
        DesktopShell desktop = shell;
        if (desktop == null) {
            closed.countDown();
        } else {
            desktop.quitFromOutside();
        }
    }

    /** Quits for real: alerts stop, accounts unregister (bounded wait), then run() returns. FX thread. */
    private void quit(AccountCommands accountCommands, AppExecutors executors) {
        if (!quitting.compareAndSet(false, true)) {
            return;
        }
        log.info("Quitting");
        alerts.stopAll();
        window.stage().hide();
        executors.background.execute(() -> {
            try {
                // Open wrap-up forms become wrap-ups now, so the backend may still get them before exit.
                Optional.ofNullable(callEvents).ifPresent(CallEventsService::finishWrapUps);
                accountCommands.unregisterAllAndWait(UNREGISTER_AT_QUIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closed.countDown();
            }
        });
    }

    // --- call events: outbox now, backend and forwarder on a background thread ---

    private CallEventsService startEvents(AppDirs dirs, AppExecutors executors) {
        callEvents = CallEventsService.start(
                eventsOptions,
                dirs.data(),
                json,
                executors.background,
                executors.timers,
                this::postIfTheWindowExists,
                this::postIfTheWindowExists);
        return callEvents;
    }

    /** Backend and outbox status reported before the window exists are dropped: the page gets both when it says ready. */
    private void postIfTheWindowExists(Object message) {
        Optional.ofNullable(host).ifPresent(h -> h.pageApi().post(message));
    }

    /** Reads the configuration and secrets (disk: call off the FX thread) and sends them to the page. */
    private void sendConfig(ProfileService profiles) {
        PageConfig config = PageConfig.from(profiles.load(), profiles.loadSecrets(), options.profile())
                .withWrapUpSeconds(eventsOptions.wrapUpSeconds())
                .withLaunchSettings(options.launchSettings());
        accounts.retainOnly(config.accounts().stream()
                .map(PageConfig.PageAccount::id)
                .collect(java.util.stream.Collectors.toSet()));
        availability.configured(
                config.accounts().stream().map(PageConfig.PageAccount::id).toList());
        config.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
        configWarnings.set(config.warnings());
        host.pageApi().post(config.forCalls(callOptions.autoAnswerSeconds()));
    }

    private TlsTrust trustPbxCertificates(Configuration configuration) throws IOException, GeneralSecurityException {
        List<TlsTrust.PrivateCa> privateCas = configuration.profiles().stream()
                .filter(profile -> profile.caFile().isPresent())
                .map(profile -> new TlsTrust.PrivateCa(
                        profile.server(), profile.caFile().get()))
                .toList();
        TlsTrust tls = TlsTrust.create(privateCas);
        tls.installForWebView();
        log.info(
                "TLS: host names verified; private CAs for {}",
                configuration.profiles().stream()
                        .filter(p -> p.caFile().isPresent())
                        .map(Profile::name)
                        .toList());
        return tls;
    }

    // --- calls: the media engine, the page's call messages, dial/call instance commands ---

    private CallServices startCalls(Map<String, String> env) {
        calls = new CallServices(
                CallServices.settingsFrom(env), message -> host.pageApi().post(message));
        calls.onChange(change -> callWatchers.publish(json.valueToTree(change).toString()));
        return calls;
    }

    private SipSockets startSockets(TlsTrust tls, AppExecutors executors) {
        sipSockets = new SipSockets(
                tls::contextFor, message -> host.pageApi().post(message), KeepAliveTimer.on(executors.sipWatch));
        // Resume from suspend and network changes: probe every SIP connection now, not at its next ping.
        NetworkWatch.ofSystem(sipSockets::probeAll).start(executors.sipWatch);
        return sipSockets;
    }

    private void callMessage(String type, ObjectNode message) {
        switch (type) {
            case "ws-open", "ws-send", "ws-close" -> sipSockets.handle(type, message);
            case "media-request" -> calls.mediaRequest(message);
            case "audio-devices-request", "audio-select" -> audio.pageMessage(type, message);
            case "call-state" -> {
                calls.callState(message, json);
                alerts.onCallState(message);
            }
            default -> throw new IllegalArgumentException("unknown message type '" + type + "'");
        }
    }

    /** The single-instance channel: {@code status} (for `deskphone status` and tests) and {@code activate}. */
    private ObjectNode instanceRequest(JsonNode request) {
        String command = request.path("command").asText("");
        log.debug("Instance request '{}'", command);
        ObjectNode reply = json.createObjectNode().put("ok", true);
        switch (command) {
            case "status" -> {
                reply.put("pid", ProcessHandle.current().pid());
                reply.put("startedAt", ManagementFactory.getRuntimeMXBean().getStartTime());
                if (windowShownAt.get() > 0) {
                    reply.put("windowShownAt", windowShownAt.get());
                }
                if (activatedAt.get() > 0) {
                    reply.put("activatedAt", activatedAt.get());
                }
                Optional.ofNullable(shell).ifPresent(desktop -> reply.put("windowVisible", desktop.windowShowing()));
                reply.set("accounts", json.valueToTree(accounts.snapshot()));
                reply.set("availability", AvailabilityMessages.states(json, availability));
                reply.put("callWatchers", callWatchers.watchers());
                Optional.ofNullable(calls).ifPresent(c -> c.status(reply, json));
                Optional.ofNullable(audio).ifPresent(a -> reply.set("audio", json.valueToTree(a.status())));
                Optional.ofNullable(callEvents).ifPresent(events -> reply.set("backend", events.status(json)));
                if (!configWarnings.get().isEmpty()) {
                    reply.set("warnings", json.valueToTree(configWarnings.get()));
                }
            }
            case "activate" ->
                Optional.ofNullable(shell)
                        .ifPresent(desktop -> Platform.runLater(() -> {
                            desktop.showWindow();
                            activatedAt.set(System.currentTimeMillis());
                        }));
            case "dnd" -> {
                String account = request.path("account").asText("");
                List<String> changed = availability.setDnd(
                        request.path("on").asBoolean(), account.isEmpty() ? Optional.empty() : Optional.of(account));
                reply.set("accounts", json.valueToTree(changed));
            }
            case "audio" -> {
                if (audio == null) {
                    throw new IllegalStateException("audio: the app is still starting");
                }
                reply.set("audio", json.valueToTree(audio.instanceCommand(request)));
            }
            default -> {
                if (calls == null || !calls.instanceCommand(command, request, reply)) {
                    reply.put("ok", false).put("error", "unknown command '" + command + "'");
                } else if ("dial".equals(command)) {
                    Optional.ofNullable(shell).ifPresent(desktop -> Platform.runLater(desktop::showWindow));
                }
            }
        }
        return reply;
    }
}
