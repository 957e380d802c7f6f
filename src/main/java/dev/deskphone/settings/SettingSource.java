package dev.deskphone.settings;

import java.util.Locale;

/** Where a launch setting's effective value came from, highest precedence first. */
public enum SettingSource {
    /** The administrator's {@code settings.json}: locked, no user file or flag overrides it. */
    SYSTEM,
    /** A launch flag, for this run only. */
    FLAG,
    /** The user's {@code settings.json}. */
    USER,
    /** Nothing set: the built-in default. */
    DEFAULT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
