package dev.deskphone.cli;

import dev.deskphone.app.AppDirs;
import dev.deskphone.server.BackendConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db} and {@code --data-dir}, shared by {@code deskphone server} and its token commands. */
final class BackendDatabaseOptions {
    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Database: jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DB?user=...&password=... "
                    + "(default: the SQLite file backend.db in the data directory, which the app's embedded backend uses).")
    private String jdbcUrl;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $XDG_DATA_HOME/deskphone, else ~/.local/share/deskphone).")
    private Path dataDir;

    Path dataDir(CommandRoot root) {
        if (dataDir != null) {
            return dataDir;
        }
        return AppDirs.resolve(root.environment().variables(), root.environment().userHome()).data();
    }

    String jdbcUrl(CommandRoot root) {
        return jdbcUrl != null ? jdbcUrl : BackendConfig.sqliteUrl(dataDir(root));
    }
}
