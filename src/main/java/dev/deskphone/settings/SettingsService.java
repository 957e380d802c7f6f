package dev.deskphone.settings;

import dev.deskphone.profile.ConfigDirs;
import dev.deskphone.profile.ConfigException;
import dev.deskphone.profile.ConfigScope;
import dev.deskphone.profile.SettingsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and changes the launch settings: the administrator's (locked) and the user's. Every value
 * passes its flag's check before it is stored, and again when it is read, so a hand-edited file
 * with a bad value is reported naming the file and the setting rather than half-applied.
 *
 * @throws InvalidSettingException (from the change methods) for a refused value or a locked setting
 * @throws ConfigException         when a file cannot be read, understood or written, naming the file
 */
public final class SettingsService {
    private final SettingsFiles files;
    private final Autostart autostart;

    public SettingsService(ConfigDirs dirs, Autostart autostart) {
        this.files = new SettingsFiles(dirs);
        this.autostart = autostart;
    }

    public Path file(ConfigScope scope) {
        return files.file(scope);
    }

    public Autostart autostart() {
        return autostart;
    }

    /**
     * The settings a launch uses.
     *
     * @param flags the launch flags given, already checked ({@link LaunchSetting#check})
     */
    public LaunchSettings load(Map<LaunchSetting, String> flags) {
        return LaunchSettings.merge(
                flags,
                checked(ConfigScope.USER, LaunchSetting::check),
                checked(ConfigScope.SYSTEM, LaunchSetting::check));
    }

    /**
     * The settings a launch uses, checked as {@link LaunchSetting#checkAtLaunch} does: what the launch
     * reads itself (the backend's CA file) it reads once, after this.
     *
     * @param flags the launch flags given, already checked the same way
     */
    public LaunchSettings loadForLaunch(Map<LaunchSetting, String> flags) {
        return LaunchSettings.merge(
                flags,
                checked(ConfigScope.USER, LaunchSetting::checkAtLaunch),
                checked(ConfigScope.SYSTEM, LaunchSetting::checkAtLaunch));
    }

    /**
     * Stores the given values (unchecked: each is checked here) in the scope's file. A user may not
     * set what the administrator locked. {@code autostart} also writes or removes the autostart entry.
     */
    public void set(ConfigScope scope, Map<LaunchSetting, String> values) {
        Map<LaunchSetting, String> checked = new EnumMap<>(LaunchSetting.class);
        values.forEach((setting, value) -> checked.put(setting, setting.check(value)));
        files.change(scope, (system, user) -> {
            refuseLocked(scope, system, checked.keySet());
            Map<String, String> updated = new LinkedHashMap<>(scope == ConfigScope.SYSTEM ? system : user);
            checked.forEach((setting, value) -> updated.put(setting.key(), value));
            checkPairs(scope, checked.keySet(), updated, system);
            return updated;
        });
        applyAutostart(scope, checked);
    }

    /**
     * Removes the settings from the scope's file, so the next scope down (or the default) applies.
     *
     * @return the settings that were set there (the others were not, and nothing changed for them)
     */
    public List<LaunchSetting> unset(ConfigScope scope, Collection<LaunchSetting> settings) {
        List<LaunchSetting> removed = new ArrayList<>();
        files.change(scope, (system, user) -> {
            refuseLocked(scope, system, settings);
            Map<String, String> updated = new LinkedHashMap<>(scope == ConfigScope.SYSTEM ? system : user);
            removed.clear();
            settings.stream().filter(s -> updated.remove(s.key()) != null).forEach(removed::add);
            checkPairs(scope, settings, updated, system);
            return updated;
        });
        if (settings.contains(LaunchSetting.AUTOSTART)) {
            applyAutostart(scope, Map.of(LaunchSetting.AUTOSTART, SettingRules.OFF));
        }
        return List.copyOf(removed);
    }

    /**
     * The given values, checked, that {@link #set} would change in the scope's file (an autostart
     * entry that went missing counts as a change): what {@code provision apply} reports and applies.
     */
    public Map<LaunchSetting, String> changes(ConfigScope scope, Map<LaunchSetting, String> values) {
        Map<String, String> stored = files.read(scope);
        refuseLocked(scope, files.read(ConfigScope.SYSTEM), values.keySet());
        Map<LaunchSetting, String> changed = new EnumMap<>(LaunchSetting.class);
        values.forEach((setting, value) -> {
            String checked = setting.check(value);
            boolean entryMissing = setting == LaunchSetting.AUTOSTART
                    && checked.equals(SettingRules.ON) != Files.exists(autostart.entry(scope));
            if (!checked.equals(stored.get(setting.key())) || entryMissing) {
                changed.put(setting, checked);
            }
        });
        return changed;
    }

    private void refuseLocked(ConfigScope scope, Map<String, String> system, Collection<LaunchSetting> settings) {
        if (scope == ConfigScope.USER) {
            settings.stream()
                    .filter(s -> system.containsKey(s.key()))
                    .findFirst()
                    .ifPresent(s -> {
                        throw new InvalidSettingException(LaunchSettings.lockedReason(s) + " in "
                                + files.file(ConfigScope.SYSTEM) + " and only they can change it");
                    });
        }
    }

    /** When a change touches the backend or its token, what a launch would then use must have both or neither. */
    private static void checkPairs(
            ConfigScope scope,
            Collection<LaunchSetting> changed,
            Map<String, String> updated,
            Map<String, String> system) {
        if (!changed.contains(LaunchSetting.BACKEND) && !changed.contains(LaunchSetting.BACKEND_TOKEN_FILE)) {
            return;
        }
        Map<LaunchSetting, String> target = byKey(updated);
        LaunchSettings after = scope == ConfigScope.SYSTEM
                ? LaunchSettings.merge(Map.of(), Map.of(), target)
                : LaunchSettings.merge(Map.of(), target, byKey(system));
        after.checkBackendPair();
    }

    private void applyAutostart(ConfigScope scope, Map<LaunchSetting, String> checked) {
        String value = checked.get(LaunchSetting.AUTOSTART);
        if (value == null) {
            return;
        }
        try {
            autostart.apply(scope, value.equals(SettingRules.ON));
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot change " + autostart.entry(scope) + ": " + e.getMessage()
                            + (scope == ConfigScope.SYSTEM ? " (the system autostart entry needs root)" : ""),
                    e);
        }
    }

    /** The scope's settings, each checked as its flag would be; a bad one names the file and the setting. */
    private Map<LaunchSetting, String> checked(
            ConfigScope scope, java.util.function.BiFunction<LaunchSetting, String, String> check) {
        Path file = files.file(scope);
        Map<LaunchSetting, String> result = new EnumMap<>(LaunchSetting.class);
        files.read(scope).forEach((key, value) -> {
            LaunchSetting setting = LaunchSetting.byKey(key)
                    .filter(s -> !key.startsWith("--"))
                    .orElseThrow(() -> new ConfigException(file + ": unknown setting \"" + key + "\" (settings: "
                            + LaunchSetting.keys() + "); it was left unchanged"));
            try {
                result.put(setting, check.apply(setting, value));
            } catch (InvalidSettingException e) {
                throw new ConfigException(
                        file + ": setting \"" + key + "\": " + e.getMessage() + "; it was left unchanged", e);
            }
        });
        return result;
    }

    private static Map<LaunchSetting, String> byKey(Map<String, String> stored) {
        Map<LaunchSetting, String> result = new EnumMap<>(LaunchSetting.class);
        stored.forEach((key, value) -> LaunchSetting.byKey(key).ifPresent(s -> result.put(s, value)));
        return result;
    }
}
