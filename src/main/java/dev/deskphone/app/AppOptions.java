package dev.deskphone.app;

import dev.deskphone.profile.ConfigDirs;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line decided for a launch of the app window.
 *
 * @param dial a clicked sip:/tel: link to dial, handed to the running instance if there is one
 */
public record AppOptions(ConfigDirs configDirs, Optional<String> profile, Map<String, String> env, Path userHome,
        Optional<CallLink> dial) {
    public AppOptions {
        env = Map.copyOf(env);
    }

    public AppOptions(ConfigDirs configDirs, Optional<String> profile, Map<String, String> env, Path userHome) {
        this(configDirs, profile, env, userHome, Optional.empty());
    }

    public AppDirs appDirs() {
        return AppDirs.resolve(env, userHome);
    }
}
