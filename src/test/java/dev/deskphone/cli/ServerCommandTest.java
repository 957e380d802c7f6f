package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
    @TempDir
    Path root;

    private CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(root);
        cli.env.put("XDG_DATA_HOME", root.resolve("data").toString());
    }

    @Test
    void badFlagsAreOneLineNamingTheFlag() {
        for (String[] args : new String[][] {
            {"server", "--port", "99999"},
            {"server", "--port", "http"},
            {"server", "--db", "jdbc:mysql://db/x?password=secret"},
            {"server", "--bnid", "0.0.0.0"}}) {
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(result.err()).startsWith("deskphone: ").contains(args[1].equals("--bnid") ? "--bnid" : args[1])
                    .doesNotContain("secret");
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsOneLineAndExitCode6() {
        CliRunner.Result result = cli.run("server", "--port", "0", "--db", "jdbc:sqlite:/proc/no-such-dir/backend.db");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).startsWith("deskphone: server: cannot open the database");

        CliRunner.Result token = cli.run("server", "token", "list", "--db", "jdbc:sqlite:/proc/no-such-dir/backend.db");
        assertThat(token.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(token.err().lines()).hasSize(1);
    }

    @Test
    void aPortInUseIsOneLineAndExitCode6() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRunner.Result result = cli.run("server", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(result.err().lines()).hasSize(1);
            assertThat(result.err()).startsWith("deskphone: server: cannot start the backend on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void tokensAreCreatedOnceListedAndRevokedInTheDefaultDataDirectory() {
        CliRunner.Result created = cli.ok("server", "token", "create", "reception");
        String secret = created.out().trim();
        assertThat(secret).startsWith("dpk_").hasSizeGreaterThan(40);
        assertThat(created.err()).contains("only this once");
        assertThat(Files.exists(root.resolve("data/deskphone/backend.db"))).isTrue();

        CliRunner.Result again = cli.run("server", "token", "create", "reception");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).startsWith("deskphone: NAME: ").contains("already exists");

        assertThat(cli.ok("server", "token", "list").out()).contains("reception").contains("active").doesNotContain(secret);
        assertThat(cli.ok("server", "token", "revoke", "reception").out()).contains("Revoked token 'reception'");
        assertThat(cli.ok("server", "token", "list").out()).contains("revoked");

        CliRunner.Result unknown = cli.run("server", "token", "revoke", "reception");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no active token named 'reception'");

        CliRunner.Result badName = cli.run("server", "token", "create", "bad name!");
        assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("NAME").contains("invalid");
    }

    @Test
    void anExplicitDataDirectoryIsUsed() {
        Path elsewhere = root.resolve("elsewhere");
        cli.ok("server", "token", "create", "x", "--data-dir", elsewhere.toString());
        assertThat(Files.exists(elsewhere.resolve("backend.db"))).isTrue();
    }
}
