package dev.deskphone.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The XDG base directories (https://specifications.freedesktop.org/basedir-spec/): a variable that is
 * unset, empty or relative is ignored ("all paths set in these environment variables must be
 * absolute; if an implementation encounters a relative path it should consider the path invalid and
 * ignore it"), and the spec's default applies.
 */
public final class XdgDirs {
    private XdgDirs() {}

    /** {@code $XDG_CONFIG_HOME}, else {@code ~/.config}. */
    public static Path configHome(Map<String, String> env, Path userHome) {
        return of(env, "XDG_CONFIG_HOME").orElse(userHome.resolve(".config"));
    }

    /** {@code $XDG_DATA_HOME}, else {@code ~/.local/share}. */
    public static Path dataHome(Map<String, String> env, Path userHome) {
        return of(env, "XDG_DATA_HOME").orElse(userHome.resolve(".local/share"));
    }

    /** {@code $XDG_STATE_HOME}, else {@code ~/.local/state}. */
    public static Path stateHome(Map<String, String> env, Path userHome) {
        return of(env, "XDG_STATE_HOME").orElse(userHome.resolve(".local/state"));
    }

    /** {@code $XDG_RUNTIME_DIR}; the spec has no default (the caller chooses a safe replacement). */
    public static Optional<Path> runtimeDir(Map<String, String> env) {
        return of(env, "XDG_RUNTIME_DIR");
    }

    /** The variable's directory when it is set to an absolute path. */
    public static Optional<Path> of(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? Optional.of(path) : Optional.empty();
    }
}
