package dev.deskphone.cli;

import dev.deskphone.server.BackendMaintenance;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskphone server backup FILE}: a consistent copy of the SQLite database, while the server runs. */
@Command(
        name = "backup",
        description = {
            "Copy the SQLite database to FILE, consistently, while the server keeps running.",
            "Restore: stop the server, put FILE in place of the database (or point --db at it), start it. "
                    + "For PostgreSQL use pg_dump."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the backup is complete",
            ExitCodes.USAGE + ":bad command line: FILE exists already, or the database is PostgreSQL",
            ExitCodes.UNAVAILABLE + ":the database could not be read or FILE not written"
        })
final class ServerBackupCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The new backup file (it must not exist; created mode 0600).")
    private Path file;

    @Mixin
    private BackendDatabaseOptions database;

    @Override
    public Integer call() {
        String url = database.jdbcUrl(CommandRoot.of(spec));
        if (!url.startsWith("jdbc:sqlite:")) {
            throw new UsageException("--db: 'server backup' copies SQLite databases; back PostgreSQL up with pg_dump");
        }
        try {
            BackendMaintenance.backup(url, file);
        } catch (IllegalArgumentException e) {
            throw new UsageException("FILE: " + e.getMessage());
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("deskphone: server backup: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        spec.commandLine().getOut().println("Backed up the database to " + file);
        return ExitCodes.OK;
    }
}
