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
            {"server", "--bnid", "0.0.0.0"}
        }) {
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(result.err())
                    .startsWith("deskphone: ")
                    .contains(args[1].equals("--bnid") ? "--bnid" : args[1])
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
    void tokenWithoutASubcommandNamesThemLikeTheOtherGroups() {
        CliRunner.Result result = cli.run("server", "token");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .contains("server token: missing subcommand (create, list or revoke;"
                        + " see 'deskphone server token --help')");
    }

    @Test
    void aPortInUseIsOneLineAndExitCode6() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRunner.Result result = cli.run("server", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(result.err().lines()).hasSize(1);
            assertThat(result.err())
                    .startsWith("deskphone: server: cannot start the backend on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void tokensAreCreatedOnceListedAndRevokedInTheDefaultDataDirectory() {
        CliRunner.Result created = cli.ok("server", "token", "create", "reception", "--role", "admin");
        String secret = created.out().trim();
        assertThat(secret).startsWith("dpk_").hasSizeGreaterThan(40);
        assertThat(created.err()).contains("only this once");
        assertThat(Files.exists(root.resolve("data/deskphone/backend.db"))).isTrue();

        CliRunner.Result again = cli.run("server", "token", "create", "reception", "--role", "reporting");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).startsWith("deskphone: NAME: ").contains("already exists");

        assertThat(cli.ok("server", "token", "list").out())
                .contains("reception")
                .contains("active")
                .doesNotContain(secret);
        assertThat(cli.ok("server", "token", "revoke", "reception").out()).contains("Revoked token 'reception'");
        assertThat(cli.ok("server", "token", "list").out()).contains("revoked");

        CliRunner.Result unknown = cli.run("server", "token", "revoke", "reception");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no active token named 'reception'");

        CliRunner.Result badName = cli.run("server", "token", "create", "bad name!", "--role", "admin");
        assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("NAME").contains("invalid");
    }

    @Test
    void anExplicitDataDirectoryIsUsed() {
        Path elsewhere = root.resolve("elsewhere");
        cli.ok("server", "token", "create", "x", "--role", "admin", "--data-dir", elsewhere.toString());
        assertThat(Files.exists(elsewhere.resolve("backend.db"))).isTrue();
    }

    @Test
    void aTokenMustSayWhatItMayDoAndListShowsRoleAndAccounts() {
        CliRunner.Result bare = cli.run("server", "token", "create", "desk-1");
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.err()).startsWith("deskphone: ").contains("--accounts").contains("--role");

        CliRunner.Result agent = cli.ok("server", "token", "create", "desk-1", "--accounts", "1002,1001");
        assertThat(agent.out().trim()).startsWith("dpk_");
        assertThat(agent.err()).contains("agent (1001,1002)");
        cli.ok("server", "token", "create", "wallboard", "--role", "reporting");
        cli.ok("server", "token", "create", "ops", "--role", "admin");

        String list = cli.ok("server", "token", "list").out();
        assertThat(list.lines().filter(l -> l.startsWith("desk-1")))
                .singleElement()
                .asString()
                .contains("agent")
                .contains("1001,1002");
        assertThat(list.lines().filter(l -> l.startsWith("wallboard")))
                .singleElement()
                .asString()
                .contains("reporting")
                .contains("*");
        assertThat(list.lines().filter(l -> l.startsWith("ops")))
                .singleElement()
                .asString()
                .contains("admin");
        assertThat(list.lines().findFirst())
                .hasValueSatisfying(
                        header -> assertThat(header).contains("ROLE").contains("ACCOUNTS"));
    }

    @Test
    void badRolesAndAccountsAreOneLineNamingTheFlag() {
        // flags, then the flag the message must name
        String[][] cases = {
            {"--role", "boss", "--role"},
            {"--role", "agent", "--role agent needs --accounts"},
            {"--role", "reporting", "--accounts", "1001", "--accounts"},
            {"--accounts", "1001,bad account", "--accounts"},
            {"--accounts", "10,01;x", "--accounts"},
            {"--accounts", "1001,,1002", "--accounts"}
        };
        for (String[] flags : cases) {
            java.util.List<String> args =
                    new java.util.ArrayList<>(java.util.List.of("server", "token", "create", "t"));
            args.addAll(java.util.List.of(flags).subList(0, flags.length - 1));
            CliRunner.Result result = cli.run(args.toArray(String[]::new));
            String what = String.join(" ", args);
            assertThat(result.exitCode()).as(what).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(what).hasSize(1);
            assertThat(result.err()).as(what).startsWith("deskphone: ").contains(flags[flags.length - 1]);
        }
        assertThat(cli.run("server", "token", "create", "t", "--accounts", "1001,bad account")
                        .err())
                .contains("--accounts")
                .contains("'bad account'");
        assertThat(cli.run("server", "token", "create", "t", "--role", "boss").err())
                .contains("--role")
                .contains("admin, reporting, agent");
    }

    @Test
    void retainDaysMetricsTokenAndPasswordFilesAreChecked() throws Exception {
        Path shortSecret = Files.writeString(root.resolve("short"), "abc\n");
        Path empty = Files.writeString(root.resolve("empty"), "");
        Path password = Files.writeString(root.resolve("pw"), "s3cret\n");
        String[][] cases = {
            {"server", "--retain-days", "0"},
            {"server", "--retain-days", "36501"},
            {"server", "--metrics-token-file", shortSecret.toString()},
            {"server", "--metrics-token-file", root.resolve("missing").toString()},
            {"server", "--db-password-file", password.toString()},
            {"server", "--db", "jdbc:postgresql://db/calls?user=app", "--db-password-file", empty.toString()},
            {
                "server",
                "--db",
                "jdbc:postgresql://db/calls?user=app&password=x",
                "--db-password-file",
                password.toString()
            },
            {
                "server",
                "migrate",
                "--db",
                "jdbc:postgresql://db/calls",
                "--db-password-file",
                root.resolve("nope").toString()
            }
        };
        for (String[] args : cases) {
            CliRunner.Result result = cli.run(args);
            String flag = args[args.length - 2];
            assertThat(result.exitCode()).as(flag).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(result.err())
                    .as(String.join(" ", args))
                    .startsWith("deskphone: ")
                    .contains(flag)
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void migrateAppliesThePendingMigrationsOnceAndExits0() {
        CliRunner.Result first = cli.ok("server", "migrate");
        assertThat(first.out()).contains("Applied migration 1 ").contains("Applied migration 2 token roles");
        assertThat(Files.exists(root.resolve("data/deskphone/backend.db"))).isTrue();
        assertThat(cli.ok("server", "migrate").out()).contains("up to date").doesNotContain("Applied");
    }

    @Test
    void backupRefusesPostgresqlAndAnExistingFile() throws Exception {
        cli.ok("server", "token", "create", "ops", "--role", "admin");
        Path existing = Files.writeString(root.resolve("existing.db"), "x");
        CliRunner.Result taken = cli.run("server", "backup", existing.toString());
        assertThat(taken.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(taken.err()).startsWith("deskphone: FILE: ").contains("exists already");
        assertThat(Files.readString(existing)).isEqualTo("x");

        CliRunner.Result postgres =
                cli.run("server", "backup", root.resolve("b.db").toString(), "--db", "jdbc:postgresql://db/calls");
        assertThat(postgres.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(postgres.err()).contains("--db").contains("pg_dump");

        Path backup = root.resolve("backup.db");
        assertThat(cli.ok("server", "backup", backup.toString()).out()).contains("Backed up");
        assertThat(Files.getPosixFilePermissions(backup))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(cli.ok("server", "token", "list", "--db", "jdbc:sqlite:" + backup)
                        .out())
                .contains("ops");
    }
}
