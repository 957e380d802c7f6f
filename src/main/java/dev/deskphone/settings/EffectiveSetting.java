package dev.deskphone.settings;

import java.util.Optional;

/**
 * One launch setting as it applies: its value (empty: the default, see {@link
 * LaunchSetting#unsetMeaning()}) and where it came from.
 */
public record EffectiveSetting(LaunchSetting setting, Optional<String> value, SettingSource source) {
    /** Set by the administrator: users can neither change it nor override it with a flag. */
    public boolean locked() {
        return source == SettingSource.SYSTEM;
    }

    /** The value, or what not setting it means. */
    public String shown() {
        return value.orElse(setting.unsetMeaning());
    }
}
