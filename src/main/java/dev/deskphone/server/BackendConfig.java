package dev.deskphone.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to run the backend: where to listen and which database to use.
 *
 * @param bindAddress the address to listen on ({@code 127.0.0.1} for the embedded default)
 * @param port the TCP port; 0 picks a free one (read it back from {@link BackendServer#port()})
 * @param jdbcUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST/DB}
 * @param dataDir where the default SQLite database and the embedded app's token file live
 * @param dbPassword the PostgreSQL password, kept out of the URL (and so out of logs); null if none
 * @param metricsToken the secret scrapers must send as a bearer token to read {@code /metrics};
 *     null leaves {@code /metrics} open
 * @param retainDays calls started more than this many days ago are deleted; 0 keeps them forever
 * @param tls the certificate and key to serve HTTPS with; empty: plain HTTP
 */
public record BackendConfig(
        String bindAddress,
        int port,
        String jdbcUrl,
        Path dataDir,
        String dbPassword,
        String metricsToken,
        int retainDays,
        Optional<ServerTls> tls) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** The longest {@code retainDays}: a hundred years, i.e. "as good as forever" spelled as a number. */
    public static final int MAX_RETAIN_DAYS = 36_500;

    static final String DATABASE_FILE = "backend.db";

    public BackendConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (retainDays < 0 || retainDays > MAX_RETAIN_DAYS) {
            throw new IllegalArgumentException("retainDays must be between 1 and " + MAX_RETAIN_DAYS
                    + " (0: keep calls forever), got " + retainDays);
        }
        if (metricsToken != null && metricsToken.isBlank()) {
            throw new IllegalArgumentException("the metrics token must not be empty");
        }
        Vendor.of(jdbcUrl); // rejects unsupported URLs early, with a message naming them
    }

    /** Plain HTTP, no database password, /metrics open, calls kept forever. */
    public BackendConfig(String bindAddress, int port, String jdbcUrl, Path dataDir) {
        this(bindAddress, port, jdbcUrl, dataDir, null, null, 0, Optional.empty());
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
        return copy(c -> c.port = newPort);
    }

    public BackendConfig withBindAddress(String newBindAddress) {
        return copy(c -> c.bindAddress = newBindAddress);
    }

    public BackendConfig withJdbcUrl(String newJdbcUrl) {
        return copy(c -> c.jdbcUrl = newJdbcUrl);
    }

    public BackendConfig withDbPassword(String newDbPassword) {
        return copy(c -> c.dbPassword = newDbPassword);
    }

    public BackendConfig withMetricsToken(String newMetricsToken) {
        return copy(c -> c.metricsToken = newMetricsToken);
    }

    public BackendConfig withRetainDays(int newRetainDays) {
        return copy(c -> c.retainDays = newRetainDays);
    }

    /** Serves HTTPS with this certificate and key. */
    public BackendConfig withTls(ServerTls serverTls) {
        return copy(c -> c.tls = Optional.of(serverTls));
    }

    /** This config with {@code change} made to a copy of its fields: the one place that copies it. */
    private BackendConfig copy(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return new BackendConfig(
                copy.bindAddress,
                copy.port,
                copy.jdbcUrl,
                dataDir,
                copy.dbPassword,
                copy.metricsToken,
                copy.retainDays,
                copy.tls);
    }

    /** The fields a wither changes, as it changes them (the constructor checks the result). */
    private static final class Copy {
        String bindAddress;
        int port;
        String jdbcUrl;
        String dbPassword;
        String metricsToken;
        int retainDays;
        Optional<ServerTls> tls;

        Copy(BackendConfig from) {
            bindAddress = from.bindAddress;
            port = from.port;
            jdbcUrl = from.jdbcUrl;
            dbPassword = from.dbPassword;
            metricsToken = from.metricsToken;
            retainDays = from.retainDays;
            tls = from.tls;
        }
    }

    /** Secrets are never shown: a config may end up in a log line. */
    @Override
    public String toString() {
        return "BackendConfig[bindAddress=" + bindAddress + ", port=" + port + ", jdbcUrl=" + JdbcUrls.redact(jdbcUrl)
                + ", dataDir=" + dataDir + ", dbPassword=" + (dbPassword == null ? "none" : "***")
                + ", metricsToken=" + (metricsToken == null ? "none" : "***") + ", retainDays=" + retainDays
                + ", tls="
                + tls.map(t -> t.certificate().getSubjectX500Principal().getName())
                        .orElse("none") + "]";
    }
}
