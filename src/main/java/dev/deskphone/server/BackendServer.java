package dev.deskphone.server;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.deskphone.platform.Threads;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deskphone backend: the {@code /internal/calls} API over SQLite or PostgreSQL.
 *
 * <pre>{@code
 * try (BackendServer server = BackendServer.start(BackendConfig.embedded(dataDir))) {
 *     URI url = server.baseUrl();          // http://127.0.0.1:PORT
 *     String token = server.localToken();  // Bearer token for the app itself
 * }
 * }</pre>
 */
public final class BackendServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackendServer.class);

    private final BackendConfig config;
    private final Database database;
    private final GroupCommitWriter writer;
    private final Javalin http;
    private final LocalTokenFile localToken;
    private final ScheduledExecutorService housekeeping;
    private boolean closed;

    private BackendServer(
            BackendConfig config,
            Database database,
            GroupCommitWriter writer,
            Javalin http,
            LocalTokenFile localToken,
            ScheduledExecutorService housekeeping) {
        this.config = config;
        this.database = database;
        this.writer = writer;
        this.http = http;
        this.localToken = localToken;
        this.housekeeping = housekeeping;
    }

    /**
     * Opens (and migrates) the database, then listens. Returns once the server accepts requests.
     *
     * @throws IllegalStateException with a one-line reason if the database or the port is unusable
     */
    public static BackendServer start(BackendConfig config) {
        Clock clock = Clock.systemUTC();
        Database database;
        try {
            database = Database.open(config.jdbcUrl(), config.dbPassword());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot open the database " + JdbcUrls.redact(config.jdbcUrl()) + ": " + rootMessage(e), e);
        }
        ServerMetrics metrics = new ServerMetrics();
        GroupCommitWriter writer = new GroupCommitWriter(database.writes, database.writerThreads, metrics::batch);
        metrics.queueDepth(writer::queued);
        try {
            ObjectMapper mapper = jsonMapper();
            TokenRepository tokens = new TokenRepository();
            TokenAuthenticator authenticator = new TokenAuthenticator(database.reads, tokens);
            CallService service = new CallService(
                    writer, database.reads, new CallRepository(database.vendor), new IdempotencyKeys(), clock);
            Responses responses = new Responses(mapper);
            CallsController calls =
                    new CallsController(service, new ApiEventParser(), new JsonBodies(mapper), responses, metrics);
            OpsController ops = new OpsController(service, metrics, responses, database.vendor, config.metricsToken());
            Javalin http = HttpApi.create(
                    calls, ops, new BearerAuth(authenticator), responses, new AccessLog(metrics), config.tls());
            http.start(config.bindAddress(), config.port());
            ScheduledExecutorService housekeeping =
                    Executors.newSingleThreadScheduledExecutor(Threads.numbered("deskphone-housekeeping"));
            housekeeping.scheduleWithFixedDelay(
                    () -> service.pruneIdempotencyKeys().whenComplete((deleted, error) -> {
                        if (error != null) {
                            log.warn("pruning idempotency keys failed: {}", error.getMessage());
                        }
                    }),
                    1,
                    60,
                    TimeUnit.MINUTES);
            if (config.retainDays() > 0) {
                // At start, then daily: a server restarted every night still prunes.
                housekeeping.scheduleWithFixedDelay(
                        new Retention(service, config.retainDays(), clock), 0, 1, TimeUnit.DAYS);
            }
            LocalTokenFile localToken =
                    new LocalTokenFile(config.dataDir(), authenticator, writer, tokens, new TokenSecrets(), clock);
            BackendServer server = new BackendServer(config, database, writer, http, localToken, housekeeping);
            log.info(
                    "backend listening on {} (database: {}{})",
                    server.baseUrl(),
                    JdbcUrls.redact(config.jdbcUrl()),
                    config.tls()
                            .map(tls -> "; certificate: "
                                    + tls.certificate()
                                            .getSubjectX500Principal()
                                            .getName() + ", expires "
                                    + tls.certificate().getNotAfter().toInstant())
                            .orElse(""));
            return server;
        } catch (RuntimeException e) {
            writer.close();
            database.close();
            throw new IllegalStateException(
                    "cannot start the backend on " + config.bindAddress() + ":" + config.port() + ": " + rootMessage(e),
                    e);
        }
    }

    static ObjectMapper jsonMapper() {
        return JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The port the server listens on (the chosen one when the config said 0). */
    public int port() {
        return http.port();
    }

    /** {@code http://ADDRESS:PORT} ({@code https://} with TLS), without a trailing slash. */
    public URI baseUrl() {
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = BackendConfig.LOOPBACK;
        }
        return URI.create((config.tls().isPresent() ? "https://" : "http://") + host + ":" + port());
    }

    /**
     * A bearer token for the app that embeds this server: read from {@code backend-token} in the
     * data directory (mode 0600) if it is still valid, otherwise created and stored there.
     */
    public String localToken() {
        try {
            return localToken.obtain();
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot provide the local backend token: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a consistent copy of this server's SQLite database to {@code target} while it keeps
     * accepting events. See {@link BackendMaintenance#backup}.
     */
    public void backupTo(Path target) {
        BackendMaintenance.backup(database, target);
    }

    /**
     * Stops gracefully: no new connections, in-flight requests finish, every accepted write is
     * committed, then the database is closed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        housekeeping.shutdownNow();
        http.stop();
        writer.close();
        database.close();
        log.info("backend stopped");
    }

    private static String rootMessage(Throwable e) {
        return BackendMaintenance.rootMessage(e);
    }
}
