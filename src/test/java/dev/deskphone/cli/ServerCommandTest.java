package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {
    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new DeskphoneCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String firstErrorLine() {
        return err.toString().lines().findFirst().orElse("");
    }

    @Test
    void badFlagsNameTheFlagAndFail() {
        assertThat(run("server", "--port", "99999", "--data-dir", dataDir.toString())).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(firstErrorLine()).contains("--port").contains("99999");

        err.getBuffer().setLength(0);
        assertThat(run("server", "--port", "http")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(firstErrorLine()).contains("--port");

        err.getBuffer().setLength(0);
        assertThat(run("server", "--db", "jdbc:mysql://db/x?password=secret", "--data-dir", dataDir.toString()))
                .isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(firstErrorLine()).contains("--db").contains("jdbc:postgresql").doesNotContain("secret");
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExitCode1() {
        int exit = run("server", "--port", "0", "--db", "jdbc:sqlite:/proc/no-such-dir/backend.db");
        assertThat(exit).isEqualTo(ServerCommand.EXIT_START_FAILED);
        assertThat(err.toString().trim().lines()).hasSize(1);
        assertThat(firstErrorLine()).startsWith("deskphone server: cannot");
    }

    @Test
    void tokensAreCreatedOnceListedAndRevoked() {
        String dir = dataDir.toString();
        assertThat(run("server", "token", "create", "reception", "--data-dir", dir)).isZero();
        String secret = out.toString().trim();
        assertThat(secret).startsWith("dpk_").hasSizeGreaterThan(40);
        assertThat(err.toString()).contains("only this once");

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run("server", "token", "create", "reception", "--data-dir", dir)).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(firstErrorLine()).contains("already exists");

        out.getBuffer().setLength(0);
        assertThat(run("server", "token", "list", "--data-dir", dir)).isZero();
        assertThat(out.toString()).contains("reception").contains("active").doesNotContain(secret);

        out.getBuffer().setLength(0);
        assertThat(run("server", "token", "revoke", "reception", "--data-dir", dir)).isZero();
        assertThat(run("server", "token", "list", "--data-dir", dir)).isZero();
        assertThat(out.toString()).contains("revoked");

        err.getBuffer().setLength(0);
        assertThat(run("server", "token", "revoke", "reception", "--data-dir", dir)).isEqualTo(TokenCommand.EXIT_FAILED);
        assertThat(firstErrorLine()).contains("no active token named 'reception'");

        err.getBuffer().setLength(0);
        assertThat(run("server", "token", "create", "bad name!", "--data-dir", dir)).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(firstErrorLine()).contains("NAME").contains("invalid");
    }
}
