package dev.deskphone.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the desktop shell remembers between runs (desktop.json in the user's data directory).
 *
 * @param closeToTray whether closing the window keeps Deskphone running in the tray; null: the
 *                    default, which is yes wherever there is a tray
 * @param window      the window's last placement, if it was ever closed
 * @param audio       the microphone and speaker chosen for calls; null: the system defaults
 * @param dnd         the accounts the agent put in Do not disturb; null: none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DesktopState(Boolean closeToTray, WindowGeometry window, AudioChoices audio, List<String> dnd) {
    static final DesktopState DEFAULTS = new DesktopState(null, null, null, null);

    /** The accounts in Do not disturb, never null. */
    public List<String> dndAccounts() {
        return dnd == null ? List.of() : dnd;
    }

    public DesktopState withDnd(List<String> value) {
        return new DesktopState(closeToTray, window, audio, value.isEmpty() ? null : List.copyOf(value));
    }

    /** Whether a window close should hide to the tray rather than quit. */
    public boolean closesToTray(boolean trayAvailable) {
        return trayAvailable && (closeToTray == null || closeToTray);
    }

    /** The remembered audio devices, never null. */
    public AudioChoices audioChoices() {
        return audio == null ? AudioChoices.SYSTEM_DEFAULTS : audio;
    }

    public DesktopState withCloseToTray(boolean value) {
        return new DesktopState(value, window, audio, dnd);
    }

    public DesktopState withWindow(WindowGeometry value) {
        return new DesktopState(closeToTray, value, audio, dnd);
    }

    public DesktopState withAudio(AudioChoices value) {
        return new DesktopState(closeToTray, window, value, dnd);
    }
}
