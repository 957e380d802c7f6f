package dev.deskphone.cli;

import dev.deskphone.app.EventsOptions;
import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.settings.LaunchSettings;
import dev.deskphone.settings.SettingRules;
import java.nio.file.Path;
import java.util.Optional;

/** Where the app sends call events, from the effective launch settings (flags and settings files merged). */
final class BackendLaunchOptions {
    private BackendLaunchOptions() {}

    /** The events options; a backend without its token (or the reverse) is refused naming the flag. */
    static EventsOptions toOptions(LaunchSettings settings) {
        settings.checkBackendPair();
        Optional<BackendEndpoint> endpoint = settings.value(LaunchSetting.BACKEND)
                .map(url -> new BackendEndpoint(SettingRules.backendUrl(url), SettingRules.readToken(
                        Path.of(settings.value(LaunchSetting.BACKEND_TOKEN_FILE).orElseThrow()))));
        int capacity = settings.value(LaunchSetting.OUTBOX_CAPACITY).map(Integer::parseInt)
                .orElse(EventsOptions.DEFAULT_OUTBOX_CAPACITY);
        return new EventsOptions(endpoint, capacity, settings.value(LaunchSetting.WRAPUP_SECONDS).map(Integer::valueOf));
    }
}
