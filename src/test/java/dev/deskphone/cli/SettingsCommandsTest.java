package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.testsupport.ConfigSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code deskphone settings set/show/unset}, and every kind of launch using what they store. */
class SettingsCommandsTest {
    @TempDir
    Path root;

    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level levelBefore = rootLogger.getLevel();
    private CliRunner cli;
    private Path token;

    @AfterEach
    void restoreLogLevel() {
        rootLogger.setLevel(levelBefore); // --log-level applies to this JVM's log while a command runs
    }

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRunner(root);
        cli.env.put("XDG_CONFIG_HOME", root.resolve("xdg").toString());
        cli.env.put("XDG_CONFIG_DIRS", root.resolve("etc-xdg").toString());
        cli.env.put("XDG_DATA_HOME", root.resolve("data").toString());
        token = Files.writeString(root.resolve("backend.token"), "dp_abc123\n");
    }

    @Test
    void showListsEveryEffectiveValueWithItsSourceAndLock() throws Exception {
        cli.ok(
                "settings",
                "set",
                "--system",
                "--backend",
                "https://crm.example.com",
                "--backend-token-file",
                token.toString());
        String set = cli.ok("settings", "set", "--outbox-capacity", "2000", "--log-level", "debug")
                .out();
        assertThat(set).contains("Set outbox-capacity, log-level in " + cli.userDir.resolve("settings.json"));

        cli.ok("--log-level", "warn", "settings", "set", "--wrapup-seconds", "20");
        assertThat(Files.readString(cli.userDir.resolve("settings.json")))
                .as("the command's own log level, not stored")
                .contains("\"log-level\" : \"DEBUG\"");

        String table = cli.ok("settings", "show").out();
        assertThat(table.lines().findFirst().orElseThrow()).matches("SETTING +VALUE +SOURCE +LOCKED");
        assertThat(table)
                .containsPattern("backend +https://crm.example.com +system +yes \\(administrator\\)")
                .containsPattern("outbox-capacity +2000 +user\n")
                .containsPattern("log-level +DEBUG +user\n")
                .containsPattern("wrapup-seconds +20 +user\n")
                .containsPattern("auto-answer +off \\(the profile's\\) +default\n");

        JsonNode json =
                new ObjectMapper().readTree(cli.ok("settings", "show", "--json").out());
        JsonNode backend = json.path("settings").get(0);
        assertThat(backend.path("name").asText()).isEqualTo("backend");
        assertThat(backend.path("source").asText()).isEqualTo("system");
        assertThat(backend.path("locked").asBoolean()).isTrue();
        assertThat(json.path("systemFile").asText())
                .isEqualTo(cli.systemDir.resolve("settings.json").toString());
        JsonNode autoAnswer = json.path("settings").get(LaunchSetting.AUTO_ANSWER.ordinal());
        assertThat(autoAnswer.path("name").asText())
                .as("listed in the settings' order")
                .isEqualTo("auto-answer");
        assertThat(autoAnswer.path("value").isNull()).isTrue();
        assertThat(autoAnswer.path("source").asText()).isEqualTo("default");
    }

    @Test
    void valuesAreRefusedWithExactlyTheLaunchFlagsMessages() {
        String[][] cases = {
            {"--outbox-capacity", "5"},
            {"--wrapup-seconds", "-1"},
            {"--auto-answer", "9999"},
            {"--backend", "ftp://crm.example.com"},
            {"--backend", "https://crm.example.com"},
            {"--backend-token-file", root.resolve("nope").toString()},
            {"--log-level", "loud"},
        };
        ConfigSnapshot before = cli.snapshot();
        for (String[] flag : cases) {
            CliRunner.Result launch = cli.run(flag);
            CliRunner.Result stored = cli.run(concat(new String[] {"settings", "set"}, flag));
            assertThat(stored.exitCode()).as(String.join(" ", flag)).isEqualTo(ExitCodes.USAGE);
            assertThat(launch.exitCode()).as(String.join(" ", flag)).isEqualTo(ExitCodes.USAGE);
            assertThat(stored.err())
                    .as(String.join(" ", flag))
                    .isEqualTo(launch.err())
                    .startsWith(
                            "deskphone: " + flag[0].replace("--log-level", "Invalid value for option '--log-level'"));
        }
        assertThat(cli.snapshot()).isEqualTo(before);
        assertThat(cli.run("settings", "set").err()).contains("give at least one setting");
        assertThat(cli.run("settings", "set", "--autostart", "maybe").err())
                .isEqualTo("deskphone: --autostart must be on or off, got 'maybe'\n");
    }

    @Test
    void aUserCannotChangeWhatTheAdministratorSet() {
        cli.ok("settings", "set", "--system", "--wrapup-seconds", "30", "--auto-answer", "off");
        ConfigSnapshot before = cli.snapshot();
        String message = "deskphone: setting 'wrapup-seconds' is locked: the administrator set it in "
                + cli.systemDir.resolve("settings.json") + " and only they can change it\n";

        CliRunner.Result set = cli.run("settings", "set", "--wrapup-seconds", "10");
        assertThat(set.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(set.err()).isEqualTo(message);
        CliRunner.Result unset = cli.run("settings", "unset", "wrapup-seconds");
        assertThat(unset.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unset.err()).isEqualTo(message);
        assertThat(cli.snapshot()).isEqualTo(before);

        // A launch flag cannot override it either; an unlocked one can.
        CliRunner.Result flag = cli.run("--wrapup-seconds", "10");
        assertThat(flag.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err())
                .isEqualTo("deskphone: --wrapup-seconds cannot be given: setting 'wrapup-seconds' is locked:"
                        + " the administrator set it for this computer (see 'deskphone settings show')\n");
        assertThat(cli.run("--outbox-capacity", "500").exitCode())
                .as("passes on to the display check")
                .isEqualTo(ExitCodes.NO_DISPLAY);
    }

    @Test
    void unsetGoesBackToTheDefault() {
        cli.ok("settings", "set", "--outbox-capacity", "2000");

        String out = cli.ok("settings", "unset", "outbox-capacity", "log-level").out();

        assertThat(out).contains("Unset outbox-capacity in ").contains("log-level was not set in ");
        assertThat(cli.ok("settings", "show").out()).containsPattern("outbox-capacity +50000 +default\n");
        CliRunner.Result unknown = cli.run("settings", "unset", "backend-url");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).startsWith("deskphone: NAME: no setting 'backend-url' (settings: backend, ");
    }

    @Test
    void autostartWritesTheUsersOrTheSystemsXdgEntry() throws Exception {
        Path user = root.resolve("xdg/autostart/dev.deskphone.Deskphone.desktop");
        Path system = root.resolve("etc-xdg/autostart/dev.deskphone.Deskphone.desktop");

        assertThat(cli.ok("settings", "set", "--autostart", "on").out()).contains("Autostart entry written: " + user);
        assertThat(Files.readString(user)).contains("[Desktop Entry]", "Exec=");
        cli.ok("settings", "set", "--autostart", "off");
        assertThat(user).doesNotExist();

        cli.ok("settings", "set", "--system", "--autostart", "on");
        assertThat(system).exists();
        assertThat(cli.run("settings", "set", "--autostart", "off").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void everyKindOfLaunchUsesTheStoredSettings() throws Exception {
        // A system file an administrator edited by hand, with a backend but no token file: every start reads it.
        Files.createDirectories(cli.systemDir);
        Files.writeString(
                cli.systemDir.resolve("settings.json"),
                "{\"version\": 1, \"settings\": {\"backend\": \"https://crm.example.com\"}}");
        String[][] launches = {{}, {"sip:1002@pbx.example.com"}, {"tel:+4930123"}, {"dial", "1002"}};
        for (String[] launch : launches) {
            CliRunner.Result result = cli.run(launch);
            assertThat(result.exitCode()).as(String.join(" ", launch)).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err())
                    .as(String.join(" ", launch))
                    .startsWith("deskphone: --backend needs --backend-token-file FILE");
        }
        // A value a launch cannot use names the file and the setting.
        Files.writeString(
                cli.systemDir.resolve("settings.json"), "{\"version\": 1, \"settings\": {\"outbox-capacity\": \"5\"}}");
        CliRunner.Result bad = cli.run();
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(bad.err())
                .startsWith("deskphone: " + cli.systemDir.resolve("settings.json")
                        + ": setting \"outbox-capacity\": --outbox-capacity must be between");
        // Complete settings pass on to the display check, as the same flags would.
        Files.delete(cli.systemDir.resolve("settings.json"));
        cli.ok("settings", "set", "--backend", "https://crm.example.com", "--backend-token-file", token.toString());
        assertThat(cli.run().exitCode()).isEqualTo(ExitCodes.NO_DISPLAY);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
