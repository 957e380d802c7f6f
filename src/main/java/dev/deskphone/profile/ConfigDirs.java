package dev.deskphone.profile;

import dev.deskphone.platform.XdgDirs;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The two configuration directories Deskphone reads: the administrator's (system) and the user's.
 *
 * @param user   where the user's profiles, accounts and secrets live
 * @param system where the administrator's locked profiles live
 */
public record ConfigDirs(Path user, Path system) {
    public static final String CONFIG_DIR_ENV = "DESKPHONE_CONFIG_DIR";
    public static final String SYSTEM_CONFIG_DIR_ENV = "DESKPHONE_SYSTEM_CONFIG_DIR";
    public static final Path DEFAULT_SYSTEM_DIR = Path.of("/etc/deskphone");

    public ConfigDirs {
        user = user.toAbsolutePath().normalize();
        system = system.toAbsolutePath().normalize();
    }

    /**
     * Resolves the directories. User: {@code --config-dir} > {@code DESKPHONE_CONFIG_DIR} >
     * {@code $XDG_CONFIG_HOME/deskphone} > {@code ~/.config/deskphone}. System: {@code
     * DESKPHONE_SYSTEM_CONFIG_DIR} > {@code /etc/deskphone}.
     *
     * @param configDirOption the {@code --config-dir} value, or null
     * @param env             the process environment (passed in so tests need no real env)
     * @param userHome        the user's home directory
     */
    public static ConfigDirs resolve(Path configDirOption, Map<String, String> env, Path userHome) {
        Objects.requireNonNull(env, "env");
        Path user;
        if (configDirOption != null) {
            user = configDirOption;
        } else if (isSet(env.get(CONFIG_DIR_ENV))) {
            user = Path.of(env.get(CONFIG_DIR_ENV));
        } else {
            user = XdgDirs.configHome(env, userHome).resolve("deskphone");
        }
        String systemEnv = env.get(SYSTEM_CONFIG_DIR_ENV);
        Path system = isSet(systemEnv) ? Path.of(systemEnv) : DEFAULT_SYSTEM_DIR;
        return new ConfigDirs(user, system);
    }

    /** The directory holding the given scope's files. */
    public Path dir(ConfigScope scope) {
        return scope == ConfigScope.SYSTEM ? system : user;
    }

    /** Refuses a user directory that is the system directory: user changes would become locked ones. */
    void requireSeparate() {
        if (user.equals(system)) {
            throw new ConfigException(
                    "the user configuration directory " + user + " is the system directory; choose another one");
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
