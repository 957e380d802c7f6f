package dev.deskphone.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.accounts.AccountAvailability;
import dev.deskphone.accounts.AccountCommands;
import dev.deskphone.accounts.AccountStatusBoard;
import dev.deskphone.audio.AudioSettings;
import dev.deskphone.bridge.PageApi;
import dev.deskphone.bridge.PageRouter;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.calls.CallServices;
import dev.deskphone.calls.DialOrigin;
import dev.deskphone.desktop.AwtTray;
import dev.deskphone.desktop.CallNotificationWindows;
import dev.deskphone.desktop.DesktopShell;
import dev.deskphone.desktop.DisplayLoss;
import dev.deskphone.desktop.FreedesktopNotifications;
import dev.deskphone.desktop.MainWindow;
import dev.deskphone.desktop.Toolkits;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceBroadcast;
import dev.deskphone.instance.InstanceClient;
import dev.deskphone.instance.InstanceHandOver;
import dev.deskphone.instance.InstanceLock;
import dev.deskphone.instance.InstanceServer;
import dev.deskphone.media.AudioRouter;
import dev.deskphone.platform.StartupSteps;
import dev.deskphone.platform.StopSignals;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.ringing.ClipRingtone;
import dev.deskphone.ringing.IncomingCallAlerts;
import dev.deskphone.ringing.PaplayRingtone;
import dev.deskphone.ringing.RingerRingtone;
import dev.deskphone.sip.SipSockets;
import dev.deskphone.sip.TlsTrust;
import dev.deskphone.state.DesktopStateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the running app is wired together: configuration, TLS trust, the services the page
 * talks to, the table of the page's messages, the window with its page, and the single-instance
 * channel, by plain constructor calls. Everything the page's handlers need exists before the window:
 * Java→JS messages go through a {@link PageApi} created first, which holds them until the page is ready.
 */
public final class DeskphoneApp {
    private static final Logger log = LoggerFactory.getLogger(DeskphoneApp.class);

    /** How a launch ended, for the command line's exit code. */
    public enum Outcome {
        CLOSED,
        HANDED_TO_RUNNING_INSTANCE
    }

    /** How long a real quit waits for the PBX to confirm the accounts' unregistration. */
    private static final Duration UNREGISTER_AT_QUIT = Duration.ofSeconds(3);
    /** How long Java waits for the registrars when it leaves the PBX for the page (the display went away). */
    private static final Duration LEAVE_ON_DISPLAY_LOSS = Duration.ofSeconds(2);

    private final AppOptions options;
    private final CallOptions callOptions;
    private final EventsOptions eventsOptions;
    private final ToolkitStart toolkitStart;
    private final ObjectMapper json = new ObjectMapper();
    private final AccountStatusBoard accounts = new AccountStatusBoard();
    private final Lifetime lifetime = new Lifetime();
    /** Each call's changes, streamed to `deskphone calls watch` over the instance channel. */
    private final InstanceBroadcast callWatchers = new InstanceBroadcast();
    /** The app's X I/O error handler, held for the process's life (a callback Xlib may call at any time). */
    private Optional<DisplayLoss.Installed> displayLoss = Optional.empty();

    /** The open window's parts the rest of the run needs. */
    private record Desktop(DesktopShell shell, long shownAt, Runnable reloadPage) {}

    /** @param toolkitStart the toolkits' start, perhaps begun with the command line */
    public DeskphoneApp(
            AppOptions options, CallOptions callOptions, EventsOptions eventsOptions, ToolkitStart toolkitStart) {
        this.options = options;
        this.callOptions = callOptions;
        this.eventsOptions = eventsOptions;
        this.toolkitStart = toolkitStart;
    }

    /**
     * Runs the app until the agent quits (the window's close where there is no tray, or the tray's
     * Quit). A second launch for the same configuration hands over to the running instance (which
     * comes to the front, and dials the launch's sip:/tel: link) and returns at once.
     */
    @SuppressWarnings("try") // the lock is held for the block, never called: its close releases it
    public Outcome run(PrintWriter out) throws IOException, InterruptedException, GeneralSecurityException {
        StartupSteps.mark("app wiring starts");
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
            StartupSteps.mark("instance lock claimed");
            // SIGTERM (a session manager, systemd, kill) and SIGHUP (logout) quit as the tray's Quit does.
            StopSignals.install(List.of("TERM", "HUP"), "quitting", lifetime::quitFromOutside, StopSignals.Again.EXIT);
            runInstance(address);
        }
        return Outcome.CLOSED;
    }

    /** Runs the app as this configuration's instance (the caller holds the instance lock) until it quits. */
    @SuppressWarnings("try") // the instance channel serves while the block waits: its close stops it
    private void runInstance(InstanceAddress address)
            throws IOException, InterruptedException, GeneralSecurityException {
        // The window may hide in the tray: the app ends on quit, not when its last window closes.
        Platform.setImplicitExit(false);
        // AWT (the tray), then JavaFX, join the display while the rest starts, if they have not
        // begun with the command line already (Main).
        CompletableFuture<Toolkits.Started> toolkits = toolkitStart.begin();
        toolkitStart.markSteps();
        AppDirs dirs = options.appDirs();
        Files.createDirectories(dirs.data());
        AppExecutors executors = new AppExecutors();
        DesktopStateStore desktopState = new DesktopStateStore(dirs.data(), json, executors.background);
        // The window opens as soon as JavaFX runs (and the configuration is read); the wiring below and
        // WebKit's start wait for it: on two cores, running alongside it they put it ~0.2 s later.
        CompletableFuture<MainWindow> window =
                toolkits.thenApplyAsync(running -> MainWindow.openEmpty(desktopState), Platform::runLater);
        // WebKit starts once the window is up, alongside the wiring below.
        PageApi page = new PageApi(json);
        CompletableFuture<WebViewHost> pageLoading =
                PageStart.afterWindow(window, page, json, dirs.data(), executors.background);

        ProfileService profiles =
                new ProfileService(options.configDirs(), ProfileService.systemSecretsGroup(options.env()));
        Configuration configuration = options.configuration();
        configuration.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
        // Reading the CA files is ~0.4 s of CPU that only the SIP sockets need, once the page has its
        // configuration: after the window, not competing with it for the cores.
        CompletableFuture<TlsTrust> tls =
                window.thenCompose(opened -> SipWiring.trustPbxCertificatesAsync(configuration));
        StartupSteps.mark("configuration read");
        MainWindow shown = awaitOnFx(window);
        try (executors;
                AudioRouter audioRouter =
                        AudioRouter.start(ProcessHandle.current().pid(), options.env());
                CallServices calls = new CallServices(
                        CallServices.settingsFrom(options.env()),
                        audioRouter.soundClients(),
                        audioRouter.threeWayMix(),
                        page::post);
                SipSockets sockets = SipWiring.startSockets(tls, configuration, page, executors);
                CallEventsService events = CallEventsService.start(
                        eventsOptions,
                        dirs.data(),
                        json,
                        executors.background,
                        executors.timers,
                        page::post,
                        page::post)) {
            StartupSteps.mark("audio router, call services, SIP sockets and outbox started");
            calls.onChange(
                    change -> callWatchers.publish(json.valueToTree(change).toString()));
            // Asking the session bus for a notification service (the alerts' first choice).
            CompletableFuture<IncomingCallAlerts.Notifier> notifier =
                    CompletableFuture.supplyAsync(this::callNotifier, executors.background);
            AudioSettings audio = new AudioSettings(audioRouter::devices, audioRouter, desktopState, page::post);
            audioRouter.onDevicesChanged(audio::devicesChanged);
            audioRouter.onDevicesChanged(calls::audioDevicesChanged);
            audioRouter.onRouteChanged(calls::audioDevicesChanged);
            audio.start();
            AccountAvailability availability = new AccountAvailability(
                    desktopState.get().dndAccounts(), dnd -> desktopState.update(s -> s.withDnd(dnd)));
            AvailabilityMessages availabilityMessages = new AvailabilityMessages(availability, json, page::post);
            ConfigToPage config = new ConfigToPage(
                    profiles, options, eventsOptions, callOptions, accounts, availability, page, sockets::credentials);
            SettingsRequests settings =
                    new SettingsRequests(profiles, executors.background, new SettingsRequests.Replies() {
                        @Override
                        public void result(Map<String, Object> settingsResult) {
                            page.post(settingsResult);
                        }

                        @Override
                        public void configurationChanged() {
                            config.send();
                        }
                    });
            RingerRingtone ringtone = new RingerRingtone(
                    () -> desktopState.get().audioChoices().ringerId(),
                    new ClipRingtone(),
                    PaplayRingtone.find(options.env(), dirs.data()));
            PageServices services = new PageServices(
                    executors,
                    page,
                    calls,
                    sockets,
                    events,
                    audio,
                    config,
                    settings,
                    new AccountCommands(accounts, page::post),
                    ringtone,
                    notifier.join(),
                    desktopState,
                    availability,
                    availabilityMessages);
            StartupSteps.mark("page services wired");
            WebViewHost host = awaitOnFx(pageLoading);
            CompletableFuture<Desktop> opened = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    opened.complete(startDesktop(services, host, shown));
                } catch (RuntimeException | Error e) {
                    opened.completeExceptionally(e);
                    throw e;
                }
            });
            // Other launches wait (holding off on the lock) until the channel answers: by then the
            // window and its page queue exist, so a handed-over link has somewhere to go.
            Desktop desktop = opened.join();
            // The window and its bundled page need no TLS: only the SIP sockets do, and they take the
            // trust when they connect, once the page has its configuration. A CA file that cannot be
            // read still ends the launch, here, with its reason.
            SipWiring.await(tls);
            StartupSteps.mark("TLS trust read");
            // Both toolkits have the display now: the app's handler replaces theirs, so that losing the
            // display removes the accounts' bindings, hangs up calls and records them as cut off before
            // the process ends.
            displayLoss = DisplayLoss.leaveOnLoss(() -> {
                sockets.leave(LEAVE_ON_DISPLAY_LOSS).forEach(line -> log.warn("Display lost: {}", line));
                events.recordDisplayLost();
            });
            InstanceRequests requests = new InstanceRequests(
                    json,
                    new InstanceRequests.Parts(
                            accounts,
                            calls,
                            audio,
                            events,
                            availability,
                            callWatchers,
                            desktop.shell(),
                            config::warnings,
                            desktop.shownAt(),
                            desktop.reloadPage()));
            try (InstanceServer instance =
                    InstanceServer.start(address, json, requests::handle, callWatchers, executors.instanceChannel)) {
                StartupSteps.mark("instance channel serving");
                // The backend (the embedded one starts Javalin, Flyway and SQLite: the most start-up
                // work of all) waits until the window is up and the channel serves the launches that
                // wait on it; the outbox holds events until then.
                events.connectBackend();
                lifetime.awaitClosed();
            }
            desktop.shell().dispose();
            if (services.notifier() instanceof FreedesktopNotifications bus) {
                bus.close();
            }
        } finally {
            Platform.exit();
        }
    }

    /** Waits for JavaFX's work; what stopped it (or JavaFX from starting) ends the launch as it would have here. */
    private static <T> T awaitOnFx(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * The page's messages by type (bridge-protocol.md): the one table, the Java twin of the page's
     * {@code bridge.on(type, handler)}. Handlers of one type run in the order written here.
     */
    private PageRouter pageRoutes(PageServices s, IncomingCallAlerts alerts) {
        return PageRouter.builder()
                // A reloaded page first gets its calls' events in order, then starts afresh: its calls
                // and SIP sockets from before are gone, and it gets the configuration again.
                .on("ready", message -> StartupSteps.mark("page ready"))
                .on("ready", message -> s.events().pageReady())
                .on("ready", message -> {
                    s.calls().pageReady();
                    s.sockets().closeSockets();
                    s.executors().background.execute(s.config()::send);
                })
                .on("ready", message -> s.availabilityMessages().pageReady())
                .on("call-event", s.events()::callEvent)
                .on("wrapup-draft", s.events()::wrapUpDraft)
                .on("history-request", message -> s.events().historyRequested())
                .on("history-seen", message -> s.events().historySeen())
                .on("availability-set", s.availabilityMessages()::availabilitySet)
                .on("after-call-work", s.availabilityMessages()::afterCallWork)
                .on("account-state", accounts::pageReported)
                .on("settings", s.settings()::handle)
                .on("alert", alerts::onPageMessage)
                .on(List.of("ws-open", "ws-send", "ws-close"), s.sockets()::handle)
                .on("media-request", s.calls()::mediaRequest)
                .on(List.of("audio-devices-request", "audio-select"), s.audio()::pageMessage)
                .on("call-state", message -> s.calls().callState(message, json))
                .on("call-state", alerts::onCallState)
                .build();
    }

    /** Gives the page's messages their handlers, and starts the tray and alerts. FX thread. */
    private Desktop startDesktop(PageServices s, WebViewHost host, MainWindow window) {
        Stage stage = window.stage();
        IncomingCallAlerts alerts = new IncomingCallAlerts(
                s.notifier(),
                s.ringtone(),
                callId -> s.page().post(Map.of("type", "command", "name", "answer", "callId", callId)),
                callId -> s.page().post(Map.of("type", "command", "name", "decline", "callId", callId)),
                () -> DesktopShell.bringForward(stage));
        DesktopShell shell = new DesktopShell(
                stage, new AwtTray(), s.desktopState(), s.accountCommands(), () -> quit(s, alerts, stage));
        // SIP sessions die with the page, and so does an open wrap-up form: a reload waits for both.
        host.keepLoadedWhile(() -> s.calls().callsInProgress() || s.events().callsUnfinished());
        host.route(pageRoutes(s, alerts));
        StartupSteps.mark("page routed");
        // Queued by PageApi until the page is ready; the page dials once the account is registered.
        options.dial()
                .map(link -> Map.of(
                        "type", "command", "name", "dial", "target", link.uri(), "origin", DialOrigin.LINK.wireName()))
                .ifPresent(s.page()::post);
        callOptions.initialDial().ifPresent(s.page()::post);
        // Starting AWT for the tray takes a moment: after the window is up, and off the FX thread.
        s.executors().background.execute(() -> {
            shell.startTray(accounts, s.availability());
            StartupSteps.mark("tray started");
        });
        lifetime.desktopOpened(shell);
        return new Desktop(shell, window.shownAt(), () -> Platform.runLater(host::reload));
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

    /** Quits for real: alerts stop, accounts unregister (bounded wait), then run() returns. FX thread. */
    private void quit(PageServices s, IncomingCallAlerts alerts, Stage stage) {
        lifetime.quit(
                () -> {
                    alerts.stopAll();
                    stage.hide();
                },
                s.executors().background,
                () -> {
                    // Open wrap-up forms become wrap-ups now, so the backend may still get them before exit.
                    s.events().finishWrapUps();
                    s.accountCommands().unregisterAllAndWait(UNREGISTER_AT_QUIT);
                });
    }
}
