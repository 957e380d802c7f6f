package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class ServerMainTest {
    @TempDir
    Path root;

    private final CommandSpec deskphone = new CommandLine(new DeskphoneCommand(
                    new CliEnvironment(Map.of(), Path.of("/nonexistent"), PasswordReader.console())))
            .getCommandSpec();

    @Test
    void deskphoneServerIsRecognisedBeforeParsingSoItLogsToStdout() {
        assertThat(Main.selectsServer(deskphone, new String[] {"server", "--port", "0"}))
                .isTrue();
        assertThat(Main.selectsServer(deskphone, new String[] {"--log-level", "debug", "server"}))
                .isTrue();
        assertThat(Main.selectsServer(deskphone, new String[] {"--config-dir=/tmp/x", "server", "token", "list"}))
                .isTrue();
        assertThat(Main.selectsServer(deskphone, new String[] {"--config-dir", "/tmp/x", "server"}))
                .isTrue();
    }

    @Test
    void theAppAndOtherCommandsKeepTheirLogFiles() {
        assertThat(Main.selectsServer(deskphone, new String[] {})).isFalse();
        assertThat(Main.selectsServer(deskphone, new String[] {"--profile", "server"}))
                .as("a profile named server")
                .isFalse();
        assertThat(Main.selectsServer(deskphone, new String[] {"profile", "add", "server"}))
                .isFalse();
        assertThat(Main.selectsServer(deskphone, new String[] {"--", "server"})).isFalse();
        assertThat(Main.selectsServer(deskphone, new String[] {"sip:server@pbx.test"}))
                .isFalse();
    }

    /** {@code deskphone-server} with its data in {@code root/deskphone}, stdout into {@code out}. */
    private CommandLine serverCommandLine(StringWriter out) {
        CliEnvironment environment =
                new CliEnvironment(Map.of("XDG_DATA_HOME", root.toString()), root, PasswordReader.console());
        CommandLine cli = ServerMain.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli;
    }

    @Test
    void deskphoneServerHasTheServerCommandAtTheTopWithHelpAndVersion() {
        StringWriter out = new StringWriter();
        CommandLine cli = serverCommandLine(out);
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString())
                .startsWith("Usage: deskphone-server")
                .contains("--port")
                .contains("token");

        out.getBuffer().setLength(0);
        assertThat(cli.execute("token", "create", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: deskphone-server token create");

        out.getBuffer().setLength(0);
        assertThat(cli.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("Deskphone ");
    }

    @Test
    void tokensGoToTheDataDirectoryOfTheEnvironmentGiven() {
        StringWriter out = new StringWriter();
        CommandLine cli = serverCommandLine(out);
        assertThat(cli.execute("token", "create", "ci", "--role", "admin")).isZero();
        assertThat(out.toString().strip()).isNotBlank();
        assertThat(root.resolve("deskphone/backend.db")).exists();
    }
}
