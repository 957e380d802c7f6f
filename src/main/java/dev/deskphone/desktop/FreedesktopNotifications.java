package dev.deskphone.desktop;

import dev.deskphone.platform.Threads;
import dev.deskphone.ringing.IncomingCall;
import dev.deskphone.ringing.IncomingCallAlerts;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incoming-call alert as a desktop notification (org.freedesktop.Notifications over the D-Bus
 * session bus) with Answer and Decline buttons, where the desktop has a notification service that
 * shows actions. Created by {@link #connect}, which says when there is none: then the app keeps its
 * own window ({@link CallNotificationWindows}). A notification the service refuses later (it quit)
 * falls back to that window for the call.
 *
 * <p>D-Bus calls run on a thread of their own, never on the FX thread; the agent's choice comes back
 * through {@code fx} (Platform::runLater in the app).
 */
public final class FreedesktopNotifications implements IncomingCallAlerts.Notifier, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FreedesktopNotifications.class);
    static final String ANSWER = "answer";
    static final String DECLINE = "decline";
    /** The notification's body: clicking it (where the server allows) brings the window forward. */
    static final String DEFAULT = "default";

    private final DBusConnection bus;
    private final NotificationsBus service;
    private final IncomingCallAlerts.Notifier fallback;
    private final Executor fx;
    private final ExecutorService dbusThread =
            Executors.newSingleThreadExecutor(Threads.named("deskphone-notifications"));
    /** Shown notifications: D-Bus id → the call and its actions. */
    private final Map<UInt32, Shown> shown = new ConcurrentHashMap<>();
    /** Calls alerting through the fallback window instead; FX thread only. */
    private final java.util.Set<String> inFallback = new java.util.HashSet<>();

    private record Shown(String callId, Runnable answer, Runnable decline, Runnable showWindow) {}

    private FreedesktopNotifications(
            DBusConnection bus, NotificationsBus service, IncomingCallAlerts.Notifier fallback, Executor fx)
            throws DBusException {
        this.bus = bus;
        this.service = service;
        this.fallback = fallback;
        this.fx = fx;
        // Signals are taken in turn with the Notify calls, on the D-Bus thread: an action the server
        // reports before Notify's reply was handled still finds its call.
        bus.addSigHandler(
                NotificationsBus.ActionInvoked.class, signal -> dbusThread.execute(() -> actionInvoked(signal)));
        bus.addSigHandler(
                NotificationsBus.NotificationClosed.class,
                closed -> dbusThread.execute(() -> shown.remove(closed.id())));
    }

    /**
     * The notifier to use: D-Bus notifications when {@code busAddress} (the session bus,
     * {@code DBUS_SESSION_BUS_ADDRESS}) has a notification service that shows action buttons,
     * otherwise {@code fallback}.
     *
     * @param fx            runs the agent's choice on the FX thread
     */
    public static IncomingCallAlerts.Notifier connect(
            Optional<String> busAddress, IncomingCallAlerts.Notifier fallback, Executor fx) {
        if (busAddress.isEmpty() || busAddress.get().isBlank()) {
            log.info("Incoming-call alerts: own window (no D-Bus session bus)");
            return fallback;
        }
        DBusConnection bus = null;
        try {
            bus = DBusConnectionBuilder.forAddress(busAddress.get())
                    .withShared(false)
                    .build();
            NotificationsBus service =
                    bus.getRemoteObject(NotificationsBus.NAME, NotificationsBus.PATH, NotificationsBus.class, true);
            List<String> capabilities = service.getCapabilities();
            if (!capabilities.contains("actions")) {
                log.info("Incoming-call alerts: own window (the notification service shows no buttons)");
                bus.close();
                return fallback;
            }
            log.info("Incoming-call alerts: desktop notifications with Answer and Decline");
            return new FreedesktopNotifications(bus, service, fallback, fx);
        } catch (DBusException | IOException | RuntimeException e) {
            log.info("Incoming-call alerts: own window (no notification service: {})", e.getMessage());
            closeQuietly(bus);
            return fallback;
        }
    }

    @Override
    public void show(IncomingCall call, Runnable answer, Runnable decline, Runnable showWindow) {
        List<String> actions = List.of(DEFAULT, "Show", DECLINE, "Decline", ANSWER, "Answer");
        Map<String, Variant<?>> hints = Map.of(
                // Stays until answered, declined or the call ends; shown over full-screen windows.
                "urgency", new Variant<>((byte) 2),
                "resident", new Variant<>(true),
                "category", new Variant<>("call.incoming"),
                "desktop-entry", new Variant<>("deskphone"));
        String body = call.account() == null ? "" : "to " + call.account();
        dbusThread.execute(() -> {
            try {
                UInt32 id = service.showNotification(
                        "Deskphone",
                        new UInt32(0),
                        "deskphone",
                        "Incoming call: " + call.caller(),
                        body,
                        actions,
                        hints,
                        0);
                shown.put(id, new Shown(call.callId(), answer, decline, showWindow));
            } catch (RuntimeException e) {
                log.warn("Desktop notification failed ({}): the own window alerts for {}", e.toString(), call.callId());
                log.debug("Notify failed", e);
                fx.execute(() -> {
                    inFallback.add(call.callId());
                    fallback.show(call, answer, decline, showWindow);
                });
            }
        });
    }

    @Override
    public void dismiss(String callId) {
        if (inFallback.remove(callId)) {
            fallback.dismiss(callId);
        }
        dbusThread.execute(() -> shown.entrySet().stream()
                .filter(entry -> entry.getValue().callId().equals(callId))
                .map(Map.Entry::getKey)
                .toList()
                .forEach(id -> {
                    shown.remove(id);
                    try {
                        service.closeNotification(id);
                    } catch (RuntimeException e) {
                        log.debug("Closing notification {}: {}", id, e.getMessage());
                    }
                }));
    }

    private void actionInvoked(NotificationsBus.ActionInvoked signal) {
        Shown call = shown.get(signal.id());
        if (call == null) {
            return; // Another application's notification, or one already gone.
        }
        log.info("Notification action '{}' for call {}", signal.actionKey(), call.callId());
        switch (signal.actionKey()) {
            case ANSWER -> fx.execute(call.answer());
            case DECLINE -> fx.execute(call.decline());
            case DEFAULT -> fx.execute(call.showWindow());
            default -> log.debug("Unknown notification action '{}'", signal.actionKey());
        }
    }

    @Override
    public void close() {
        dbusThread.shutdown();
        closeQuietly(bus);
    }

    private static void closeQuietly(DBusConnection bus) {
        if (bus != null) {
            try {
                bus.close();
            } catch (IOException e) {
                log.debug("Closing the D-Bus connection: {}", e.getMessage());
            }
        }
    }
}
