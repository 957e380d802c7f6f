package dev.deskphone.cli;

import dev.deskphone.app.AppDirs;
import dev.deskphone.events.Outbox;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deskphone events}: the call events waiting for the backend, and the ones it refused. */
@Command(
        name = "events",
        subcommands = {EventsListCommand.class, EventsRetryCommand.class},
        description = "Call events waiting in the outbox for the backend, and those it refused (dead).")
final class EventsCommand {
    static final String OUTBOX_FILE = "outbox.db";

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description =
                    "The app's data directory (default: $XDG_DATA_HOME/deskphone, else ~/.local/share/deskphone).")
    private Path dataDir;

    /** Opens the app's outbox; the running app may have it open too (SQLite WAL: safe). */
    Outbox openOutbox(DeskphoneCommand root) {
        Path file = outboxFile(root, dataDir);
        Path dir = file.getParent();
        if (!Files.exists(file)) {
            throw new UsageException("no call-event outbox in " + dir + " (has Deskphone run there? see --data-dir)");
        }
        return Outbox.open(file, Integer.MAX_VALUE, true);
    }

    /** The app's outbox file: in {@code dataDir} when given, else in the app's data directory (AppDirs). */
    static Path outboxFile(DeskphoneCommand root, Path dataDir) {
        Path dir = dataDir != null
                ? dataDir
                : AppDirs.resolve(
                                root.environment().variables(),
                                root.environment().userHome())
                        .data();
        return dir.resolve(OUTBOX_FILE);
    }
}
