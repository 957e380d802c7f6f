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
    BACKEND_CA_FILE(
            "backend-ca-file", "Backend CA file", "the system's CAs", SettingRules::caFile, SettingRules::caFileName),
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
    private final UnaryOperator<String> checkAtLaunch;

    LaunchSetting(String key, String label, String unsetMeaning, UnaryOperator<String> check) {
        this(key, label, unsetMeaning, check, check);
    }

    /** {@code checkAtLaunch}: the check a launch makes, for a value whose file the launch reads itself. */
    LaunchSetting(
            String key,
            String label,
            String unsetMeaning,
            UnaryOperator<String> check,
            UnaryOperator<String> checkAtLaunch) {
        this.key = key;
        this.label = label;
        this.unsetMeaning = unsetMeaning;
        this.check = check;
        this.checkAtLaunch = checkAtLaunch;
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
        return checkWith(check, value);
    }

    /**
     * The value as a launch keeps it: the same check, except that a file the launch reads anyway
     * (the backend's CA file) is not read here as well, so it is read once.
     *
     * @throws InvalidSettingException naming the flag when the value is refused
     */
    public String checkAtLaunch(String value) {
        return checkWith(checkAtLaunch, value);
    }

    private String checkWith(UnaryOperator<String> rule, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(flag() + ": give a value");
        }
        return rule.apply(value);
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
