package dev.deskphone.cli;

import dev.deskphone.server.BackendMaintenance;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deskphone server migrate}: brings the database's schema up to date, then exits. */
@Command(
        name = "migrate",
        description = {
            "Apply the database migrations this version needs, print them, and exit.",
            "'deskphone server' migrates at start too; run this first to upgrade on a schedule of your own."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the schema is up to date",
            ExitCodes.USAGE + ":bad command line",
            ExitCodes.UNAVAILABLE + ":the database could not be reached or migrated"
        })
final class ServerMigrateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private BackendDatabaseOptions database;

    @Override
    public Integer call() {
        CommandRoot root = CommandRoot.of(spec);
        String url = database.jdbcUrl(root);
        String password = database.password(root);
        List<String> applied;
        try {
            applied = BackendMaintenance.migrate(url, password);
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("deskphone: server migrate: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (applied.isEmpty()) {
            out.println("The database is up to date; nothing to apply.");
        }
        for (String migration : applied) {
            out.println("Applied migration " + migration);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
