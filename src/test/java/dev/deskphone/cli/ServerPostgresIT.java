package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.PostgresExtension;
import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code deskphone server migrate|token|backup} on a PostgreSQL role that needs its password file. */
@ExtendWith(PostgresExtension.class)
class ServerPostgresIT {
    @TempDir
    Path root;

    @Test
    void migrateAndTokensReadThePasswordFileAndBackupPointsToPgDump(Postgres postgres) throws Exception {
        String url = postgres.createDatabaseWithPassword("cli", "pw-from-file");
        Path passwordFile = Files.writeString(root.resolve("db.password"), "pw-from-file\n");
        CliRunner cli = new CliRunner(root);

        CliRunner.Result migrated =
                cli.ok("server", "migrate", "--db", url, "--db-password-file", passwordFile.toString());
        assertThat(migrated.out()).contains("Applied migration 1 ").contains("Applied migration 2 token roles");
        assertThat(cli.ok("server", "migrate", "--db", url, "--db-password-file", passwordFile.toString())
                        .out())
                .contains("up to date");

        cli.ok(
                "server",
                "token",
                "create",
                "desk-1",
                "--accounts",
                "1001",
                "--db",
                url,
                "--db-password-file",
                passwordFile.toString());
        assertThat(cli.ok("server", "token", "list", "--db", url, "--db-password-file", passwordFile.toString())
                        .out())
                .contains("desk-1")
                .contains("agent")
                .contains("1001");

        CliRunner.Result noPassword = cli.run("server", "migrate", "--db", url);
        assertThat(noPassword.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(noPassword.err().lines()).hasSize(1);
        assertThat(noPassword.err()).startsWith("deskphone: server migrate: cannot migrate");

        CliRunner.Result backup =
                cli.run("server", "backup", root.resolve("b.db").toString(), "--db", url);
        assertThat(backup.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(backup.err()).contains("pg_dump");
    }
}
