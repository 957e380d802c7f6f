package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.deskphone.cli.CliRunner.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The root command's launch arguments: a clicked sip:/tel: link and --log-level. */
class LaunchArgumentsTest {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level levelBefore;
    private CliRunner cli;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp);
        levelBefore = root.getLevel();
    }

    @AfterEach
    void restoreLogLevel() {
        root.setLevel(levelBefore);
    }

    @Test
    void logLevelSetsTheAppLogLevelForTheAppAndEverySubcommand() {
        cli.ok("--log-level", "debug", "profile", "list");
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);

        cli.ok("profile", "list", "--log-level", "WARN");
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anUnknownLogLevelIsAUsageErrorNamingTheFlagAndTheChoices() {
        Result result = cli.run("--log-level", "loud", "profile", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .startsWith("deskphone: Invalid value for option '--log-level'")
                .contains("ERROR, WARN, INFO, DEBUG, TRACE")
                .contains("'loud'");
        assertThat(root.getLevel()).isEqualTo(levelBefore);
    }

    @Test
    void aSipOrTelLinkIsAcceptedAsTheLaunchArgument() {
        // Accepted: the launch goes on to the display check (none in this test).
        for (String link :
                new String[] {"sip:1001@pbx.example.com", "tel:+4930123456", "SIPS:agent@pbx", "sip://1002@pbx"}) {
            Result result = cli.run(link);
            assertThat(result.exitCode()).as(link).isEqualTo(ExitCodes.NO_DISPLAY);
        }
    }

    @Test
    void anythingElseIsRefusedNamingTheArgument() {
        for (String bad : new String[] {"http://evil.example.com", "sip:", "tel:   ", "1001"}) {
            Result result = cli.run(bad);
            assertThat(result.exitCode()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err())
                    .as(bad)
                    .contains("(URI)")
                    .contains("'" + bad + "'")
                    .contains("neither a command")
                    .contains("sip:, sips: or tel: link");
        }
    }

    @Test
    void aMistypedCommandSaysItIsNeitherACommandNorALink() {
        Result result = cli.run("profle", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .contains("'profle' is neither a command (profile, account, status, dial, events, server)");
    }
}
