package dev.deskphone.profile;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of one {@code settings.json}: launch settings keyed by their flag's name without the
 * dashes ({@code "backend"}, {@code "outbox-capacity"}), values as they would be typed on the
 * command line. What each value may be is checked by the settings package, not here.
 */
record StoredSettings(int version, Map<String, String> settings) {
    static final int VERSION = 1;

    StoredSettings {
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    static StoredSettings empty() {
        return new StoredSettings(VERSION, Map.of());
    }
}
