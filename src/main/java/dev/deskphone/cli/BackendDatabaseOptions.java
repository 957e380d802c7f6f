package dev.deskphone.cli;

import dev.deskphone.server.BackendConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db} and {@code --data-dir}, shared by {@code deskphone server} and its token commands. */
final class BackendDatabaseOptions {
    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Database: jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DB?user=...&password=... "
                    + "(default: SQLite file backend.db in the data directory).")
    String jdbcUrl;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $DESKPHONE_DATA_DIR, $XDG_DATA_HOME/deskphone or ~/.local/share/deskphone).")
    Path dataDir;

    Path dataDir() {
        return dataDir != null ? dataDir : BackendConfig.defaultDataDir(System.getenv());
    }

    String jdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : BackendConfig.sqliteUrl(dataDir());
    }
}
