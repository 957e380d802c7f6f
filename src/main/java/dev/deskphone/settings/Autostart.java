package dev.deskphone.settings;

import dev.deskphone.platform.AtomicFiles;
import dev.deskphone.platform.XdgDirs;
import dev.deskphone.profile.ConfigScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Starting Deskphone at login, per the XDG Autostart specification: a desktop entry in {@code
 * $XDG_CONFIG_HOME/autostart} (the user) or in the first of {@code $XDG_CONFIG_DIRS} + {@code
 * /autostart}, by default {@code /etc/xdg/autostart} (every user). The entry has the menu entry's
 * file name, so a user's entry and the administrator's are the same entry, as the specification
 * matches them by name.
 */
public final class Autostart {
    /** The menu entry's desktop-file id, the reverse-DNS name the .deb installs it under. */
    public static final String DESKTOP_ID = "dev.deskphone.Deskphone";
    /** What jpackage's launcher sets to its own path. */
    static final String LAUNCHER_PROPERTY = "jpackage.app-path";

    private final Path userDir;
    private final Path systemDir;
    private final String launcher;

    /**
     * @param userDir   the user's autostart directory
     * @param systemDir the system-wide autostart directory
     * @param launcher  the command that starts Deskphone
     */
    public Autostart(Path userDir, Path systemDir, String launcher) {
        this.userDir = userDir;
        this.systemDir = systemDir;
        this.launcher = launcher;
    }

    /** The directories from the environment, and this process's launcher ({@code deskphone} on the PATH if unknown). */
    public static Autostart resolve(Map<String, String> env, Path userHome) {
        Path user = XdgDirs.configHome(env, userHome);
        String configDirs = env.getOrDefault("XDG_CONFIG_DIRS", "");
        Path system = Arrays.stream(configDirs.split(":"))
                .filter(d -> !d.isBlank() && Path.of(d).isAbsolute())
                .map(Path::of)
                .findFirst()
                .orElse(Path.of("/etc/xdg"));
        String launcher = System.getProperty(LAUNCHER_PROPERTY, "deskphone");
        return new Autostart(user.resolve("autostart"), system.resolve("autostart"), launcher);
    }

    public Path entry(ConfigScope scope) {
        return (scope == ConfigScope.SYSTEM ? systemDir : userDir).resolve(DESKTOP_ID + ".desktop");
    }

    /** Writes the scope's entry ({@code on}) or removes it. */
    void apply(ConfigScope scope, boolean on) throws IOException {
        Path entry = entry(scope);
        if (!on) {
            Files.deleteIfExists(entry);
            return;
        }
        AtomicFiles.createDirectory(entry.getParent(), AtomicFiles.PUBLIC_DIR);
        byte[] content = content().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(entry, AtomicFiles.WORLD_READABLE, out -> out.write(content));
    }

    String content() {
        return "[Desktop Entry]\n"
                + "Type=Application\n"
                + "Name=Deskphone\n"
                + "Comment=Start Deskphone at login\n"
                + "Exec=" + quoted(launcher) + "\n"
                + "Terminal=false\n"
                + "X-GNOME-Autostart-enabled=true\n";
    }

    /** An Exec argument: quoted when it holds anything the Desktop Entry spec reserves. */
    static String quoted(String argument) {
        if (argument.chars().noneMatch(c -> " \t\"'\\><~|&;$*?#()`=%".indexOf(c) >= 0)) {
            return argument;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : argument.toCharArray()) {
            if (c == '"' || c == '`' || c == '$' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c == '%' ? "%%" : String.valueOf(c));
        }
        return quoted.append('"').toString();
    }
}
