package dev.deskphone.profile;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The two {@code settings.json} files, beside the profiles: the administrator's (system, locked for
 * users) and the user's. Holds text values only; the settings package knows what they mean.
 * Changes are written atomically under the directory's lock, like the profiles.
 */
public final class SettingsFiles {
    /** Computes the new content of the changed scope's file from both files' current content. */
    @FunctionalInterface
    public interface Change {
        Map<String, String> apply(Map<String, String> system, Map<String, String> user);
    }

    private final ConfigStore systemStore;
    private final ConfigStore userStore;

    public SettingsFiles(ConfigDirs dirs) {
        Objects.requireNonNull(dirs, "dirs").requireSeparate();
        this.systemStore = new ConfigStore(dirs.system(), ConfigScope.SYSTEM);
        this.userStore = new ConfigStore(dirs.user(), ConfigScope.USER);
    }

    public Path file(ConfigScope scope) {
        return store(scope).settingsFile();
    }

    /** The scope's settings; empty when its file does not exist. */
    public Map<String, String> read(ConfigScope scope) {
        return store(scope).readSettings().settings();
    }

    /**
     * Rewrites the scope's file with what {@code change} returns, read and written under the
     * directory's lock. An exception from {@code change} leaves the file as it was; so does an
     * unchanged result (the file is not touched).
     */
    public void change(ConfigScope scope, Change change) {
        ConfigStore store = store(scope);
        store.withLock(() -> {
            StoredSettings system = systemStore.readSettings();
            StoredSettings user = userStore.readSettings();
            StoredSettings before = scope == ConfigScope.SYSTEM ? system : user;
            StoredSettings after =
                    new StoredSettings(StoredSettings.VERSION, change.apply(system.settings(), user.settings()));
            if (!after.equals(before)) {
                store.writeSettings(after);
            }
            return null;
        });
    }

    private ConfigStore store(ConfigScope scope) {
        return scope == ConfigScope.SYSTEM ? systemStore : userStore;
    }
}
