package dev.deskphone.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The XDG base directories: set and absolute is used; unset, empty or relative falls back. */
class XdgDirsTest {
    private static final Path HOME = Path.of("/home/agent");

    @Test
    void anAbsoluteValueIsUsed() {
        Map<String, String> env = Map.of(
                "XDG_CONFIG_HOME", "/cfg",
                "XDG_DATA_HOME", "/data",
                "XDG_STATE_HOME", "/state",
                "XDG_RUNTIME_DIR", "/run/user/1000");

        assertThat(XdgDirs.configHome(env, HOME)).isEqualTo(Path.of("/cfg"));
        assertThat(XdgDirs.dataHome(env, HOME)).isEqualTo(Path.of("/data"));
        assertThat(XdgDirs.stateHome(env, HOME)).isEqualTo(Path.of("/state"));
        assertThat(XdgDirs.runtimeDir(env)).contains(Path.of("/run/user/1000"));
    }

    @Test
    void unsetEmptyOrRelativeFallsBackToTheSpecsDefault() {
        for (Map<String, String> env : java.util.List.of(
                Map.<String, String>of(),
                Map.of("XDG_CONFIG_HOME", " ", "XDG_DATA_HOME", "", "XDG_STATE_HOME", "", "XDG_RUNTIME_DIR", ""),
                Map.of(
                        "XDG_CONFIG_HOME",
                        "cfg",
                        "XDG_DATA_HOME",
                        "data",
                        "XDG_STATE_HOME",
                        "./state",
                        "XDG_RUNTIME_DIR",
                        "run"))) {
            assertThat(XdgDirs.configHome(env, HOME)).as(env.toString()).isEqualTo(HOME.resolve(".config"));
            assertThat(XdgDirs.dataHome(env, HOME)).as(env.toString()).isEqualTo(HOME.resolve(".local/share"));
            assertThat(XdgDirs.stateHome(env, HOME)).as(env.toString()).isEqualTo(HOME.resolve(".local/state"));
            assertThat(XdgDirs.runtimeDir(env)).as(env.toString()).isEmpty();
        }
    }
}
