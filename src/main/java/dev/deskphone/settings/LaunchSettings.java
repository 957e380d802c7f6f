package dev.deskphone.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launch settings one run of the app uses: launch flags, the user's settings and the
 * administrator's, merged by {@link #merge}.
 */
public final class LaunchSettings {
    private final Map<LaunchSetting, EffectiveSetting> settings;

    private LaunchSettings(Map<LaunchSetting, EffectiveSetting> settings) {
        this.settings = Collections.unmodifiableMap(settings);
    }

    /**
     * The precedence, per setting: the administrator's value (locked), else the flag (this run
     * only), else the user's value, else the default. A flag for a locked setting is refused rather
     * than ignored, so a script or shortcut that passes it learns at once that it does nothing.
     *
     * @param flags  the checked launch flags given
     * @param user   the user's stored settings
     * @param system the administrator's stored settings
     * @throws InvalidSettingException for a flag whose setting the administrator locked
     */
    public static LaunchSettings merge(
            Map<LaunchSetting, String> flags, Map<LaunchSetting, String> user, Map<LaunchSetting, String> system) {
        Map<LaunchSetting, EffectiveSetting> merged = new EnumMap<>(LaunchSetting.class);
        for (LaunchSetting setting : LaunchSetting.values()) {
            if (system.containsKey(setting)) {
                if (flags.containsKey(setting)) {
                    throw new InvalidSettingException(setting.flag() + " cannot be given: " + lockedReason(setting)
                            + " for this computer (see 'deskphone settings show')");
                }
                merged.put(setting, effective(setting, system.get(setting), SettingSource.SYSTEM));
            } else if (flags.containsKey(setting)) {
                merged.put(setting, effective(setting, flags.get(setting), SettingSource.FLAG));
            } else if (user.containsKey(setting)) {
                merged.put(setting, effective(setting, user.get(setting), SettingSource.USER));
            } else {
                merged.put(setting, new EffectiveSetting(setting, Optional.empty(), SettingSource.DEFAULT));
            }
        }
        return new LaunchSettings(merged);
    }

    /** "setting 'backend' is locked: the administrator set it": the words every refusal of a locked setting uses. */
    static String lockedReason(LaunchSetting setting) {
        return "setting '" + setting.key() + "' is locked: the administrator set it";
    }

    private static EffectiveSetting effective(LaunchSetting setting, String value, SettingSource source) {
        return new EffectiveSetting(setting, Optional.of(value), source);
    }

    public EffectiveSetting get(LaunchSetting setting) {
        return settings.get(setting);
    }

    public Optional<String> value(LaunchSetting setting) {
        return settings.get(setting).value();
    }

    /** Every setting, in the table's order. */
    public List<EffectiveSetting> all() {
        return new ArrayList<>(settings.values());
    }

    /**
     * A backend needs its token file, and a token file means nothing without a backend (the
     * embedded backend makes its own token).
     *
     * @throws InvalidSettingException naming the flag that is missing its partner
     */
    public void checkBackendPair() {
        boolean backend = value(LaunchSetting.BACKEND).isPresent();
        boolean token = value(LaunchSetting.BACKEND_TOKEN_FILE).isPresent();
        if (backend && !token) {
            throw new InvalidSettingException(
                    "--backend needs --backend-token-file FILE: the backend accepts events only with a token");
        }
        if (token && !backend) {
            throw new InvalidSettingException(
                    "--backend-token-file needs --backend (the embedded backend makes its own token)");
        }
        Optional<String> url = value(LaunchSetting.BACKEND);
        if (value(LaunchSetting.BACKEND_CA_FILE).isPresent()) {
            if (url.isEmpty()) {
                throw new InvalidSettingException(
                        "--backend-ca-file needs --backend (the embedded backend is plain HTTP on loopback)");
            }
            if (!"https".equalsIgnoreCase(SettingRules.backendUrl(url.get()).getScheme())) {
                throw new InvalidSettingException(
                        "--backend-ca-file is for an https:// --backend, got '" + url.get() + "'");
            }
        }
    }
}
