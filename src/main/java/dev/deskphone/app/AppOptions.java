package dev.deskphone.app;

import dev.deskphone.profile.ConfigDirs;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the command line decided for a launch of the app window. */
public record AppOptions(ConfigDirs configDirs, Optional<String> profile, Map<String, String> env, Path userHome) {
    public AppOptions {
        env = Map.copyOf(env);
    }

    public AppDirs appDirs() {
        return AppDirs.resolve(env, userHome);
    }
}
