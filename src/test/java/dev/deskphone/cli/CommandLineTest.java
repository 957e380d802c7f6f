package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.cli.CliRunner.Result;
import dev.deskphone.testsupport.ConfigSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The parts every command shares: help, version, --config-dir, error handling of broken files. */
class CommandLineTest {
    @TempDir
    Path tmp;

    private CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "profile",
                "profile add",
                "profile list",
                "profile show",
                "profile remove",
                "account",
                "account add",
                "account list",
                "account remove"
            })
    void everyCommandHasHelpWithTheExitCodes(String command) {
        List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");

        Result result = cli.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out())
                .startsWith(("Usage: deskphone " + command).strip())
                .contains("--config-dir=DIR", "Exit codes:", "  2   bad command line", "  3   a configuration file");
    }

    @Test
    void versionIsPrinted() {
        assertThat(cli.ok("--version").out()).startsWith("Deskphone ");
        assertThat(cli.ok("profile", "list", "--version").out()).startsWith("Deskphone ");
    }

    @Test
    void configDirOptionWinsOverTheEnvironmentBeforeOrAfterTheSubcommand() {
        Path chosen = tmp.resolve("chosen");

        cli.ok(
                "--config-dir",
                chosen.toString(),
                "profile",
                "add",
                "a",
                "--server",
                "ws://a.example.com",
                "--domain",
                "a.example.com");
        cli.ok(
                "profile",
                "add",
                "b",
                "--server",
                "ws://b.example.com",
                "--domain",
                "b.example.com",
                "--config-dir",
                chosen.toString());

        assertThat(Files.exists(chosen.resolve("deskphone.json"))).isTrue();
        assertThat(Files.exists(cli.userDir)).isFalse();
        assertThat(cli.ok("profile", "list", "--config-dir", chosen.toString()).out())
                .contains("a ", "b ");
    }

    @Test
    void launchingWithAnUnknownProfileNamesTheFlag() {
        Result result = cli.run("--profile", "office");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .isEqualTo("deskphone: --profile: no profile named 'office' (see 'deskphone profile list')\n");
    }

    @Test
    void launchingWithoutADisplaySaysSoInsteadOfCrashing() {
        cli.ok("profile", "add", "office", "--server", "wss://pbx.example.com/ws", "--domain", "pbx.example.com");

        Result result = cli.run("--profile", "office");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NO_DISPLAY);
        assertThat(result.err()).startsWith("deskphone: no graphical display (DISPLAY is not set)");
    }

    @Test
    void aDamagedFileIsReportedAndNeverOverwritten() throws Exception {
        Files.createDirectories(cli.userDir);
        Files.writeString(cli.userDir.resolve("deskphone.json"), "{\"version\": 1, \"profiles\": [");
        ConfigSnapshot before = cli.snapshot();

        Result list = cli.run("profile", "list");
        Result add = cli.run("profile", "add", "a", "--server", "ws://a.example.com", "--domain", "a.example.com");

        for (Result result : List.of(list, add)) {
            assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG);
            assertThat(result.err())
                    .startsWith("deskphone: " + cli.userDir.resolve("deskphone.json") + ": not valid (")
                    .endsWith("; it was left unchanged\n");
        }
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void aFileFromANewerDeskphoneIsNotTouched() throws Exception {
        Files.createDirectories(cli.userDir);
        Files.writeString(cli.userDir.resolve("deskphone.json"), "{\"version\": 2, \"profiles\": [], \"groups\": []}");
        ConfigSnapshot before = cli.snapshot();

        Result add = cli.run("profile", "add", "a", "--server", "ws://a.example.com", "--domain", "a.example.com");

        assertThat(add.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(add.err())
                .isEqualTo("deskphone: " + cli.userDir.resolve("deskphone.json")
                        + ": unsupported \"version\" 2 (this Deskphone reads version 1); it was left unchanged\n");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void anUnwritableConfigDirectoryIsAConfigError() throws Exception {
        Path aFile = Files.writeString(tmp.resolve("not-a-dir"), "x");

        Result result = cli.run(
                "profile",
                "add",
                "a",
                "--server",
                "ws://a.example.com",
                "--domain",
                "a.example.com",
                "--config-dir",
                aFile.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).isEqualTo("deskphone: cannot write " + aFile + ": " + aFile + " is not a directory\n");
        assertThat(aFile).hasContent("x");
    }

    @Test
    void aBugBecomesOneLineAndTheSoftwareExitCode() {
        cli.ok("profile", "add", "a", "--server", "ws://a.example.com", "--domain", "a.example.com");
        CommandLine broken = Main.commandLine(new CliEnvironment(cli.env, cli.home, prompt -> {
            throw new IllegalStateException("terminal exploded");
        }));
        StringWriter err = new StringWriter();
        broken.setErr(new PrintWriter(err, true));

        int exitCode = broken.execute("account", "add", "--profile", "a", "--extension", "1", "--password");

        assertThat(exitCode).isEqualTo(ExitCodes.SOFTWARE);
        assertThat(err)
                .hasToString("deskphone: unexpected error: java.lang.IllegalStateException: terminal exploded\n");
    }

    @Test
    void userDirectoryEqualToTheSystemDirectoryIsAConfigError() {
        Result result = cli.run("profile", "list", "--config-dir", cli.systemDir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).startsWith("deskphone: the user configuration directory " + cli.systemDir);
    }
}
