package dev.deskphone.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the backend: where to listen and which database to use.
 *
 * @param bindAddress the address to listen on ({@code 127.0.0.1} for the embedded default)
 * @param port the TCP port; 0 picks a free one (read it back from {@link BackendServer#port()})
 * @param jdbcUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST/DB}
 * @param dataDir where the default SQLite database and the embedded app's token file live
 * @param tls the certificate and key to serve HTTPS with; empty: plain HTTP
 */
public record BackendConfig(String bindAddress, int port, String jdbcUrl, Path dataDir, Optional<ServerTls> tls) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    static final String DATABASE_FILE = "backend.db";

    public BackendConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        Vendor.of(jdbcUrl); // rejects unsupported URLs early, with a message naming them
    }

    /** Plain HTTP. */
    public BackendConfig(String bindAddress, int port, String jdbcUrl, Path dataDir) {
        this(bindAddress, port, jdbcUrl, dataDir, Optional.empty());
    }

    /** The app's default: loopback, a free port, SQLite in the data directory. */
    public static BackendConfig embedded(Path dataDir) {
        return new BackendConfig(LOOPBACK, 0, sqliteUrl(dataDir), dataDir);
    }

    /** {@code jdbc:sqlite:} URL of the default database file in {@code dataDir}. */
    public static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve(DATABASE_FILE).toAbsolutePath();
    }

    public BackendConfig withPort(int newPort) {
        return new BackendConfig(bindAddress, newPort, jdbcUrl, dataDir, tls);
    }

    public BackendConfig withBindAddress(String newBindAddress) {
        return new BackendConfig(newBindAddress, port, jdbcUrl, dataDir, tls);
    }

    public BackendConfig withJdbcUrl(String newJdbcUrl) {
        return new BackendConfig(bindAddress, port, newJdbcUrl, dataDir, tls);
    }

    /** Serves HTTPS with this certificate and key. */
    public BackendConfig withTls(ServerTls serverTls) {
        return new BackendConfig(bindAddress, port, jdbcUrl, dataDir, Optional.of(serverTls));
    }
}
