package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.app.ToolkitStart;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's model: every command's for the commands, the root's alone for the window. */
class MainModelTest {
    private final CliEnvironment environment =
            new CliEnvironment(Map.of(), Path.of("/nonexistent"), prompt -> Optional.empty());
    private final ToolkitStart toolkits = new ToolkitStart(Map.of());

    @Test
    void aLaunchOfTheWindowBuildsTheRootCommandAlone() {
        CommandLine model = Main.model(environment, toolkits, true);

        assertThat(model.getSubcommands()).isEmpty();
        assertThat(model.getCommandSpec().findOption("--config-dir")).isNotNull();
        assertThat(model.getCommandSpec().findOption("--log-level")).isNotNull();
    }

    @Test
    void anyOtherCommandLineHasEveryCommandWithTheRootsInheritedOptions() {
        CommandLine model = Main.model(environment, toolkits, false);

        assertThat(model.getSubcommands().keySet())
                .containsExactly(
                        "profile",
                        "account",
                        "status",
                        "dial",
                        "dnd",
                        "history",
                        "audio",
                        "server",
                        "events",
                        "settings",
                        "provision",
                        "call",
                        "calls");
        CommandLine.Model.CommandSpec profileList = model.getSubcommands()
                .get("profile")
                .getSubcommands()
                .get("list")
                .getCommandSpec();
        assertThat(profileList.findOption("--config-dir")).isNotNull();
        assertThat(profileList.findOption("--help")).isNotNull();
    }
}
