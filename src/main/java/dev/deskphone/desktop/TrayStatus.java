package dev.deskphone.desktop;

import dev.deskphone.accounts.AccountAvailability;
import dev.deskphone.accounts.AccountStatus;
import java.util.List;
import java.util.Map;

/**
 * What the tray icon says: how many accounts are registered, as a tooltip and a colour, and the
 * agent's availability (the tooltip, and the menu's Do not disturb checkbox).
 *
 * @param allDnd every configured account is in Do not disturb (the checkbox is ticked)
 */
record TrayStatus(int registered, int total, String tooltip, boolean allDnd) {
    enum Level {
        NONE_CONFIGURED,
        ALL_REGISTERED,
        SOME_REGISTERED,
        NONE_REGISTERED
    }

    static TrayStatus of(List<AccountStatus> accounts) {
        return of(accounts, Map.of());
    }

    static TrayStatus of(List<AccountStatus> accounts, Map<String, AccountAvailability.State> availability) {
        int registered = (int)
                accounts.stream().filter(a -> "registered".equals(a.state())).count();
        int total = accounts.size();
        String tooltip = total == 0 ? "Deskphone: no accounts" : "Deskphone: registered " + registered + "/" + total;
        long dnd = availability.values().stream()
                .filter(AccountAvailability.State.DND::equals)
                .count();
        boolean allDnd = dnd > 0 && dnd == availability.size();
        if (allDnd) {
            tooltip += ", Do not disturb";
        } else if (dnd > 0) {
            tooltip += ", Do not disturb " + dnd + "/" + availability.size();
        } else if (availability.containsValue(AccountAvailability.State.AFTER_CALL_WORK)) {
            tooltip += ", after-call work";
        }
        return new TrayStatus(registered, total, tooltip, allDnd);
    }

    Level level() {
        if (total == 0) {
            return Level.NONE_CONFIGURED;
        }
        if (registered == total) {
            return Level.ALL_REGISTERED;
        }
        return registered > 0 ? Level.SOME_REGISTERED : Level.NONE_REGISTERED;
    }
}
