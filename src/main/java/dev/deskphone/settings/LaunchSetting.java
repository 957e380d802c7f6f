package dev.deskphone.settings;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every launch setting: stored in {@code settings.json} under its key, given on the command line as
 * {@code --key}. One line each: the key, how the settings panel labels it, what "not set" means,
 * and its check from {@link SettingRules}.
 */
public enum LaunchSetting {
    BACKEND("backend", "Backend", "the embedded backend", SettingRules::backend),
    BACKEND_TOKEN_FILE("backend-token-file", "Backend token file", "none", SettingRules::tokenFile),
    BACKEND_CA_FILE("backend-ca-file", "Backend CA file", "the system's CAs", SettingRules::caFile),
    OUTBOX_CAPACITY(
            "outbox-capacity",
            "Outbox capacity",
            String.valueOf(SettingRules.DEFAULT_OUTBOX_CAPACITY),
            SettingRules::outboxCapacity),
    WRAPUP_SECONDS("wrapup-seconds", "Wrap-up time (seconds)", "the profile's", SettingRules::wrapUpSeconds),
    AUTO_ANSWER("auto-answer", "Auto-answer (seconds)", "off (the profile's)", SettingRules::autoAnswer),
    LOG_LEVEL("log-level", "Log level", "INFO", SettingRules::logLevel),
    AUTOSTART("autostart", "Start at login", "off", SettingRules::onOff);

    private final String key;
    private final String label;
    private final String unsetMeaning;
    private final UnaryOperator<String> check;

    LaunchSetting(String key, String label, String unsetMeaning, UnaryOperator<String> check) {
        this.key = key;
        this.label = label;
        this.unsetMeaning = unsetMeaning;
        this.check = check;
    }

    /** The name in {@code settings.json} and in {@code deskphone settings unset}. */
    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
    }

    public String label() {
        return label;
    }

    /** What applies when no flag and no settings file gives a value. */
    public String unsetMeaning() {
        return unsetMeaning;
    }

    /**
     * The value as kept, after the same check its flag gets.
     *
     * @throws InvalidSettingException naming the flag when the value is refused
     */
    public String check(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(flag() + ": give a value");
        }
        return check.apply(value);
    }

    /** The setting with this key; a leading {@code --} is allowed. */
    public static Optional<LaunchSetting> byKey(String key) {
        String bare = key.startsWith("--") ? key.substring(2) : key;
        return Arrays.stream(values()).filter(s -> s.key.equals(bare)).findFirst();
    }

    /** The keys, for messages listing what exists. */
    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(LaunchSetting::key).toList());
    }
}
