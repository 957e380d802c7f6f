package dev.deskphone.cli;

import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.settings.SettingRules;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The launch settings as flags, shared by the app's launch (this run only) and by {@code deskphone
 * settings set} (stored): one option per {@link LaunchSetting}, checked by the same rules either way.
 * {@code --log-level} is the root command's (every subcommand takes it) and {@code --autostart}
 * belongs to {@code settings set} alone.
 */
final class LaunchFlags {
    private final Map<LaunchSetting, String> given = new EnumMap<>(LaunchSetting.class);

    @Option(
            names = "--backend",
            paramLabel = "URL",
            description = "Backend that receives call events (http:// or https://, e.g. https://crm.example.com)."
                    + " Default: the backend embedded in the app, on loopback.")
    void backend(String value) {
        given.put(LaunchSetting.BACKEND, value);
    }

    @Option(
            names = "--backend-token-file",
            paramLabel = "FILE",
            description =
                    "File holding the backend's bearer token (see 'deskphone server token create'); needed with --backend.")
    void backendTokenFile(String value) {
        given.put(LaunchSetting.BACKEND_TOKEN_FILE, value);
    }

    @Option(
            names = "--backend-ca-file",
            paramLabel = "FILE",
            description = "PEM file of one or more CA certificates to trust for an https:// --backend, besides the"
                    + " system's CAs (for a backend whose certificate a private CA issued).")
    void backendCaFile(String value) {
        given.put(LaunchSetting.BACKEND_CA_FILE, value);
    }

    @Option(
            names = "--outbox-capacity",
            paramLabel = "N",
            description = "Most call events kept while the backend is unreachable (default: "
                    + SettingRules.DEFAULT_OUTBOX_CAPACITY + ").")
    void outboxCapacity(String value) {
        given.put(LaunchSetting.OUTBOX_CAPACITY, value);
    }

    @Option(
            names = "--wrapup-seconds",
            paramLabel = "N",
            description = "Wrap-up time after each call, then the wrap-up is sent as it is (0 to "
                    + SettingRules.MAX_WRAPUP_SECONDS + "; 0: no timer). Overrides the profiles' setting.")
    void wrapUpSeconds(String value) {
        given.put(LaunchSetting.WRAPUP_SECONDS, value);
    }

    @Option(
            names = "--auto-answer",
            arity = "0..1",
            fallbackValue = "0",
            paramLabel = "SECONDS",
            description =
                    "Answer incoming calls automatically, after SECONDS (0 to " + SettingRules.MAX_AUTO_ANSWER_SECONDS
                            + "; default 0; off: only where a profile asks for it). Overrides the profiles' auto-answer setting.")
    void autoAnswer(String value) {
        given.put(LaunchSetting.AUTO_ANSWER, value);
    }

    void put(LaunchSetting setting, String value) {
        given.put(setting, value);
    }

    /** The flags given, unchecked. */
    Map<LaunchSetting, String> given() {
        return Collections.unmodifiableMap(given);
    }

    /**
     * The flags given, each checked for a launch ({@link LaunchSetting#checkAtLaunch}; {@link
     * dev.deskphone.settings.InvalidSettingException} names a bad one).
     */
    Map<LaunchSetting, String> checkedForLaunch() {
        Map<LaunchSetting, String> checked = new EnumMap<>(LaunchSetting.class);
        given.forEach((setting, value) -> checked.put(setting, setting.checkAtLaunch(value)));
        return checked;
    }
}
