package dev.deskphone.server;

import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Path;
import java.sql.SQLException;

/** The databases every backend integration test runs against. */
enum TestDatabase {
    SQLITE,
    POSTGRESQL;

    /** A new, empty database: a file in {@code dir}, or a fresh database on the shared cluster. */
    String newJdbcUrl(Path dir, Postgres postgres, String name) throws SQLException {
        return this == SQLITE ? BackendConfig.sqliteUrl(dir) : postgres.createDatabase(name);
    }
}
