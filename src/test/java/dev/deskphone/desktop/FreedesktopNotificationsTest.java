package dev.deskphone.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.ringing.IncomingCall;
import dev.deskphone.ringing.IncomingCallAlerts;
import dev.deskphone.testsupport.ExternalTools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incoming-call alert over a private D-Bus session bus (a {@code dbus-daemon} this test starts)
 * with a stand-in notification server that records Notify calls and presses buttons by emitting
 * ActionInvoked, as a desktop's notification daemon does; and the own window where there is no bus
 * or no notification service.
 */
class FreedesktopNotificationsTest {
    @TempDir
    Path tmp;

    private Process daemon;
    private DBusConnection serverSide;
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        if (serverSide != null) {
            serverSide.close();
        }
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A notification server: records each Notify and answers with a fresh id. */
    static final class RecordingServer implements NotificationsBus {
        record Notified(int id, String summary, String body, List<String> actions, Map<String, Variant<?>> hints) {}

        final BlockingQueue<Notified> notified = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
        final List<String> capabilities;
        private final AtomicInteger ids = new AtomicInteger();

        RecordingServer(List<String> capabilities) {
            this.capabilities = capabilities;
        }

        @Override
        public UInt32 showNotification(
                String appName,
                UInt32 replacesId,
                String appIcon,
                String summary,
                String body,
                List<String> actions,
                Map<String, Variant<?>> hints,
                int expireTimeout) {
            int id = ids.incrementAndGet();
            notified.add(new Notified(id, summary, body, actions, hints));
            return new UInt32(id);
        }

        @Override
        public void closeNotification(UInt32 id) {
            closed.add(id.intValue());
        }

        @Override
        public List<String> getCapabilities() {
            return capabilities;
        }

        @Override
        public String getObjectPath() {
            return PATH;
        }
    }

    /** A fake of the own window, recording what it was asked to show. */
    static final class WindowNotifier implements IncomingCallAlerts.Notifier {
        final List<String> shown = new CopyOnWriteArrayList<>();

        @Override
        public void show(IncomingCall call, Runnable answer, Runnable decline, Runnable showWindow) {
            shown.add(call.callId());
        }

        @Override
        public void dismiss(String callId) {
            shown.remove(callId);
        }
    }

    private String startBus() throws Exception {
        Path dbusDaemon = ExternalTools.require("dbus-daemon");
        // A path socket: the JDK's Unix sockets (dbus-java's transport) have no abstract namespace.
        daemon = new ProcessBuilder(
                        dbusDaemon.toString(),
                        "--session",
                        "--nofork",
                        "--nopidfile",
                        "--print-address=1",
                        "--address=unix:path=" + tmp.resolve("bus"))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String address =
                new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(address).as("dbus-daemon's address").startsWith("unix:path=");
        return address.trim();
    }

    private RecordingServer serve(String address, List<String> capabilities) throws DBusException {
        serverSide = DBusConnectionBuilder.forAddress(address).withShared(false).build();
        RecordingServer server = new RecordingServer(capabilities);
        serverSide.exportObject(NotificationsBus.PATH, server);
        serverSide.requestBusName(NotificationsBus.NAME);
        return server;
    }

    private IncomingCallAlerts.Notifier connect(Optional<String> address, WindowNotifier window) {
        IncomingCallAlerts.Notifier notifier = FreedesktopNotifications.connect(address, window, Runnable::run);
        if (notifier instanceof AutoCloseable closeable) {
            toClose.add(closeable);
        }
        return notifier;
    }

    @Test
    void aRingingCallIsANotificationWhoseAnswerAndDeclineButtonsReachTheCall() throws Exception {
        String address = startBus();
        RecordingServer server = serve(address, List.of("actions", "body"));
        WindowNotifier window = new WindowNotifier();
        BlockingQueue<String> declined = new LinkedBlockingQueue<>();
        BlockingQueue<String> answered = new LinkedBlockingQueue<>();
        IncomingCallAlerts.Notifier notifier = connect(Optional.of(address), window);
        assertThat(notifier).isInstanceOf(FreedesktopNotifications.class);

        notifier.show(
                new IncomingCall("c1", "Alice <1002>", "pbx/1001"),
                () -> answered.add("c1"),
                () -> declined.add("c1"),
                () -> {});
        RecordingServer.Notified first = server.notified.poll(20, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.summary()).isEqualTo("Incoming call: Alice <1002>");
        assertThat(first.body()).isEqualTo("to pbx/1001");
        assertThat(first.actions()).containsSubsequence("decline", "Decline", "answer", "Answer");
        assertThat(first.hints()).containsKey("urgency");

        serverSide.sendMessage(
                new NotificationsBus.ActionInvoked(NotificationsBus.PATH, new UInt32(first.id()), "answer"));
        assertThat(answered.poll(20, TimeUnit.SECONDS)).isEqualTo("c1");

        notifier.show(
                new IncomingCall("c2", "Bob", null), () -> answered.add("c2"), () -> declined.add("c2"), () -> {});
        RecordingServer.Notified second = server.notified.poll(20, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        serverSide.sendMessage(
                new NotificationsBus.ActionInvoked(NotificationsBus.PATH, new UInt32(second.id()), "decline"));
        assertThat(declined.poll(20, TimeUnit.SECONDS)).isEqualTo("c2");

        // The call stopped ringing: its notification is closed.
        notifier.dismiss("c2");
        assertThat(server.closed.poll(20, TimeUnit.SECONDS)).isEqualTo(second.id());
        assertThat(answered).isEmpty();
        assertThat(window.shown).isEmpty();
    }

    @Test
    void withoutASessionBusOrANotificationServiceTheOwnWindowAlerts() throws Exception {
        WindowNotifier window = new WindowNotifier();
        assertThat(connect(Optional.empty(), window)).isSameAs(window);
        assertThat(connect(Optional.of("unix:path=" + tmp.resolve("no-bus")), window))
                .isSameAs(window);

        String address = startBus();
        // A bus, but nobody owns org.freedesktop.Notifications.
        assertThat(connect(Optional.of(address), window)).isSameAs(window);
        // A service that cannot show buttons is no use for Answer/Decline.
        serve(address, List.of("body"));
        assertThat(connect(Optional.of(address), window)).isSameAs(window);
    }
}
