package dev.deskphone.cli;

import dev.deskphone.app.AppDirs;
import dev.deskphone.server.BackendConfig;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --db}, {@code --data-dir} and {@code --db-password-file}, shared by {@code deskphone server}
 * and its subcommands.
 */
final class BackendDatabaseOptions {
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)[?&;]password=|//[^/@]*:[^/@]*@");

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description =
                    "Database: jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DB?user=... with the password in "
                            + "--db-password-file (default: the SQLite file backend.db in the data directory, which the app's "
                            + "embedded backend uses).")
    private String jdbcUrl;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data directory (default: $XDG_DATA_HOME/deskphone, else ~/.local/share/deskphone).")
    private Path dataDir;

    @Option(
            names = "--db-password-file",
            paramLabel = "FILE",
            description =
                    "File holding the PostgreSQL password (one line), so it is in no command line or process list.")
    private Path passwordFile;

    Path dataDir(CommandRoot root) {
        if (dataDir != null) {
            return dataDir;
        }
        return AppDirs.resolve(
                        root.environment().variables(), root.environment().userHome())
                .data();
    }

    String jdbcUrl(CommandRoot root) {
        return jdbcUrl != null ? jdbcUrl : BackendConfig.sqliteUrl(dataDir(root));
    }

    /**
     * The PostgreSQL password from {@code --db-password-file}, or null without it.
     *
     * @throws UsageException naming the flag if the file is unreadable or empty, the database is
     *     SQLite, or the URL carries a password too
     */
    String password(CommandRoot root) {
        if (passwordFile == null) {
            return null;
        }
        String url = jdbcUrl(root);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UsageException(
                    "--db-password-file is for PostgreSQL (--db jdbc:postgresql://...); SQLite has no password");
        }
        if (PASSWORD_IN_URL.matcher(url).find()) {
            throw new UsageException("--db-password-file: --db has a password too; give it only in the file");
        }
        return new String(SecretInput.readFile(passwordFile, "--db-password-file"));
    }
}
