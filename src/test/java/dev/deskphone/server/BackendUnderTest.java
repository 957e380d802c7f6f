package dev.deskphone.server;

import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** An in-process backend on a fresh database of the given kind, with a token and a client. */
final class BackendUnderTest implements AutoCloseable {
    final TestDatabase database;
    final String jdbcUrl;
    final Path dataDir;
    final BackendServer server;
    final ApiClient api;

    BackendUnderTest(TestDatabase database, Postgres postgres, Path dataDir, String name) throws SQLException {
        this(database, postgres, dataDir, name, config -> config);
    }

    /** As above, with the config changed by {@code settings} (e.g. a metrics token). */
    BackendUnderTest(
            TestDatabase database,
            Postgres postgres,
            Path dataDir,
            String name,
            java.util.function.UnaryOperator<BackendConfig> settings)
            throws SQLException {
        this.database = database;
        this.dataDir = dataDir;
        this.jdbcUrl = database.newJdbcUrl(dataDir, postgres, name);
        this.server =
                BackendServer.start(settings.apply(new BackendConfig(BackendConfig.LOOPBACK, 0, jdbcUrl, dataDir)));
        this.api = new ApiClient(server.baseUrl(), server.localToken());
    }

    /** Rows in {@code calls} with this id, read straight from the database. */
    int rowsFor(String callId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM calls WHERE id = ?")) {
            statement.setString(1, callId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        server.close();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dataDir + ": " + e.getMessage());
        }
    }
}
