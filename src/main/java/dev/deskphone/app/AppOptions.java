package dev.deskphone.app;

import dev.deskphone.calls.CallLink;
import dev.deskphone.profile.ConfigDirs;
import dev.deskphone.profile.Configuration;
import dev.deskphone.settings.EffectiveSetting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line decided for a launch of the app window.
 *
 * @param configuration the configuration the command line read at launch (read once: the window starts with it)
 * @param dial a clicked sip:/tel: link to dial, handed to the running instance if there is one
 * @param launchSettings the launch settings this run uses, with where each came from (shown in Settings)
 */
public record AppOptions(
        ConfigDirs configDirs,
        Configuration configuration,
        Optional<String> profile,
        Map<String, String> env,
        Path userHome,
        Optional<CallLink> dial,
        List<EffectiveSetting> launchSettings) {
    public AppOptions {
        env = Map.copyOf(env);
        launchSettings = List.copyOf(launchSettings);
    }

    public AppDirs appDirs() {
        return AppDirs.resolve(env, userHome);
    }
}
