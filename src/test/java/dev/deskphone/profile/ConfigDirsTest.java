package dev.deskphone.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDirsTest {
    private static final Path HOME = Path.of("/home/agent");

    @Test
    void withNothingSetTheUserDirIsUnderDotConfigAndTheSystemDirIsEtc() {
        ConfigDirs dirs = ConfigDirs.resolve(null, Map.of(), HOME);

        assertThat(dirs.user()).isEqualTo(Path.of("/home/agent/.config/deskphone"));
        assertThat(dirs.system()).isEqualTo(Path.of("/etc/deskphone"));
    }

    @Test
    void xdgConfigHomeComesBeforeTheHomeDirectory() {
        ConfigDirs dirs = ConfigDirs.resolve(null, Map.of("XDG_CONFIG_HOME", "/xdg"), HOME);

        assertThat(dirs.user()).isEqualTo(Path.of("/xdg/deskphone"));
    }

    @Test
    void aRelativeXdgConfigHomeIsIgnoredAsTheSpecSays() {
        ConfigDirs dirs = ConfigDirs.resolve(null, Map.of("XDG_CONFIG_HOME", "relative/dir"), HOME);

        assertThat(dirs.user()).isEqualTo(Path.of("/home/agent/.config/deskphone"));
    }

    @Test
    void theEnvironmentVariableComesBeforeXdg() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/xdg", "DESKPHONE_CONFIG_DIR", "/env/dir");

        assertThat(ConfigDirs.resolve(null, env, HOME).user()).isEqualTo(Path.of("/env/dir"));
    }

    @Test
    void theOptionComesBeforeEverything() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/xdg", "DESKPHONE_CONFIG_DIR", "/env/dir");

        assertThat(ConfigDirs.resolve(Path.of("/option/dir"), env, HOME).user()).isEqualTo(Path.of("/option/dir"));
    }

    @Test
    void blankVariablesCountAsUnset() {
        Map<String, String> env =
                Map.of("DESKPHONE_CONFIG_DIR", " ", "XDG_CONFIG_HOME", "", "DESKPHONE_SYSTEM_CONFIG_DIR", "");

        ConfigDirs dirs = ConfigDirs.resolve(null, env, HOME);

        assertThat(dirs.user()).isEqualTo(Path.of("/home/agent/.config/deskphone"));
        assertThat(dirs.system()).isEqualTo(Path.of("/etc/deskphone"));
    }

    @Test
    void theSystemDirCanBeMovedForTests() {
        ConfigDirs dirs = ConfigDirs.resolve(null, Map.of("DESKPHONE_SYSTEM_CONFIG_DIR", "/srv/deskphone"), HOME);

        assertThat(dirs.system()).isEqualTo(Path.of("/srv/deskphone"));
        assertThat(dirs.dir(ConfigScope.SYSTEM)).isEqualTo(Path.of("/srv/deskphone"));
        assertThat(dirs.dir(ConfigScope.USER)).isEqualTo(dirs.user());
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        ConfigDirs dirs = ConfigDirs.resolve(Path.of("conf/../conf2"), Map.of(), HOME);

        assertThat(dirs.user().isAbsolute()).isTrue();
        assertThat(dirs.user()).isEqualTo(Path.of("").toAbsolutePath().resolve("conf2"));
    }
}
