package dev.deskphone.desktop;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The part of the Desktop Notifications Specification (org.freedesktop.Notifications, version 1.2)
 * Deskphone uses: a notification with action buttons, closing it, and the signals saying which
 * button the agent pressed or that the notification went away.
 */
@DBusInterfaceName(NotificationsBus.NAME)
public interface NotificationsBus extends DBusInterface {
    String NAME = "org.freedesktop.Notifications";
    String PATH = "/org/freedesktop/Notifications";

    /**
     * Shows a notification; {@code actions} alternate key and label. Returns its id. (Not named
     * {@code notify}: dbus-java's proxies take that for {@link Object#notify()}.)
     */
    @DBusMemberName("Notify")
    UInt32 showNotification(
            String appName,
            UInt32 replacesId,
            String appIcon,
            String summary,
            String body,
            List<String> actions,
            Map<String, Variant<?>> hints,
            int expireTimeout);

    @DBusMemberName("CloseNotification")
    void closeNotification(UInt32 id);

    /** What the server supports: {@code actions} is the one Deskphone needs. */
    @DBusMemberName("GetCapabilities")
    List<String> getCapabilities();

    /** The agent pressed an action button (or clicked the notification: key {@code default}). */
    @DBusMemberName("ActionInvoked")
    class ActionInvoked extends DBusSignal {
        private final UInt32 id;
        private final String actionKey;

        public ActionInvoked(String path, UInt32 id, String actionKey) throws DBusException {
            super(path, id, actionKey);
            this.id = id;
            this.actionKey = actionKey;
        }

        public UInt32 id() {
            return id;
        }

        public String actionKey() {
            return actionKey;
        }
    }

    /** The notification closed: expired (1), dismissed by the user (2), closed by a call (3). */
    @DBusMemberName("NotificationClosed")
    class NotificationClosed extends DBusSignal {
        private final UInt32 id;
        private final UInt32 reason;

        public NotificationClosed(String path, UInt32 id, UInt32 reason) throws DBusException {
            super(path, id, reason);
            this.id = id;
            this.reason = reason;
        }

        public UInt32 id() {
            return id;
        }

        public UInt32 reason() {
            return reason;
        }
    }
}
