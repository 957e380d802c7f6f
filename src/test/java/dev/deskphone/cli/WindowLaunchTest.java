package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which command lines start the toolkits before picocli has read them (a cautious guess). */
class WindowLaunchTest {
    private static final Map<String, String> DESKTOP = Map.of("DISPLAY", ":0");

    @Test
    void theMenuEntryAndItsFlagsOpenTheWindow() {
        assertThat(WindowLaunch.likely(new String[0], DESKTOP)).isTrue();
        assertThat(WindowLaunch.likely(
                        new String[] {"--config-dir", "/home/agent/phone", "--log-level", "debug"}, DESKTOP))
                .isTrue();
        assertThat(WindowLaunch.likely(
                        new String[] {"--backend=https://calls.example"}, Map.of("WAYLAND_DISPLAY", "w")))
                .isTrue();
    }

    @Test
    void anyWordNamingACommandMeansNot() {
        assertThat(WindowLaunch.likely(new String[] {"profile", "list"}, DESKTOP))
                .isFalse();
        assertThat(WindowLaunch.likely(new String[] {"--config-dir", "/x", "status"}, DESKTOP))
                .isFalse();
        assertThat(WindowLaunch.likely(new String[] {"server"}, DESKTOP)).isFalse();
        // Cautious: a flag's value that is also a command's name counts too.
        assertThat(WindowLaunch.likely(new String[] {"--profile", "dial"}, DESKTOP))
                .isFalse();
    }

    @Test
    void helpVersionAndLinksMeanNot() {
        for (String word : new String[] {"-h", "--help", "-V", "--version", "sip:1002@pbx.example", "tel:+15551234"}) {
            assertThat(WindowLaunch.likely(new String[] {word}, DESKTOP))
                    .as(word)
                    .isFalse();
        }
    }

    @Test
    void noDisplayMeansNot() {
        assertThat(WindowLaunch.likely(new String[0], Map.of())).isFalse();
    }
}
