package dev.deskphone.testsupport;

import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link Postgres} parameters: a handle on one PostgreSQL cluster shared by every test in
 * the run, started the first time a test asks it for a database (so a run that only needs SQLite
 * never starts it) and stopped when the run ends.
 */
public final class PostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    /** Lazily started shared cluster. */
    public static final class Postgres {
        private final ExtensionContext.Store store;

        private Postgres(ExtensionContext.Store store) {
            this.store = store;
        }

        /** A fresh database on the shared cluster; starts the cluster on first use. */
        public String createDatabase(String prefix) throws SQLException {
            return cluster().createDatabase(prefix);
        }

        /** A fresh database whose owner logs in with {@code password}: see {@link PostgresCluster#createDatabaseWithPassword}. */
        public String createDatabaseWithPassword(String prefix, String password) throws SQLException {
            try {
                return cluster().createDatabaseWithPassword(prefix, password);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(
                        "cannot require a password for the test database: " + e.getMessage(), e);
            }
        }

        private PostgresCluster cluster() {
            return store.getOrComputeIfAbsent(
                    PostgresCluster.class,
                    key -> {
                        try {
                            return PostgresCluster.start();
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    },
                    PostgresCluster.class);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Postgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Postgres(context.getRoot().getStore(NAMESPACE));
    }
}
