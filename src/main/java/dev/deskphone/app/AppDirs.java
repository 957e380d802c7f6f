package dev.deskphone.app;

import dev.deskphone.platform.XdgDirs;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the app keeps its data (the WebView's storage, the embedded backend's database) and its logs,
 * following the XDG base directories on Linux.
 */
public record AppDirs(Path data, Path logs) {
    public static final String LOG_DIR_ENV = "DESKPHONE_LOG_DIR";

    /** The launcher's OnError command (packaging/linux/app-image.sh) applies the same rule to JVM crash reports. */
    public static AppDirs resolve(Map<String, String> env, Path userHome) {
        Path data = XdgDirs.dataHome(env, userHome).resolve("deskphone");
        String logOverride = env.get(LOG_DIR_ENV);
        Path logs = logOverride != null && !logOverride.isBlank()
                ? Path.of(logOverride)
                : XdgDirs.stateHome(env, userHome).resolve("deskphone").resolve("logs");
        return new AppDirs(data, logs);
    }
}
