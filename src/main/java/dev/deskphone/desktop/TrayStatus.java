package dev.deskphone.desktop;

import dev.deskphone.accounts.AccountStatus;
import java.util.List;

/** What the tray icon says: how many accounts are registered, as a tooltip and a colour. */
record TrayStatus(int registered, int total, String tooltip) {
    enum Level {
        NONE_CONFIGURED,
        ALL_REGISTERED,
        SOME_REGISTERED,
        NONE_REGISTERED
    }

    static TrayStatus of(List<AccountStatus> accounts) {
        int registered = (int)
                accounts.stream().filter(a -> "registered".equals(a.state())).count();
        int total = accounts.size();
        String tooltip = total == 0 ? "Deskphone: no accounts" : "Deskphone: registered " + registered + "/" + total;
        return new TrayStatus(registered, total, tooltip);
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
