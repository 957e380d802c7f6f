package dev.deskphone.server;

import java.sql.Connection;
import java.time.Clock;
import java.util.List;

/**
 * Creates, lists and revokes the bearer tokens of a backend database, for
 * {@code deskphone server token ...}. Works while a server runs on the same database.
 */
public final class TokenAdmin implements AutoCloseable {
    private final Database database;
    private final TokenRepository tokens = new TokenRepository();
    private final TokenSecrets secrets = new TokenSecrets();
    private final Clock clock;

    private TokenAdmin(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Opens (creating and migrating if needed) the database at {@code jdbcUrl}. */
    public static TokenAdmin open(String jdbcUrl) {
        return open(jdbcUrl, null);
    }

    /** As {@link #open(String)}, with PostgreSQL's password given apart from the URL (null: none). */
    public static TokenAdmin open(String jdbcUrl, String password) {
        return new TokenAdmin(Database.open(jdbcUrl, password), Clock.systemUTC());
    }

    /** Creates an admin token: {@link #create(String, TokenScope)}. */
    public String create(String name) {
        return create(name, TokenScope.admin());
    }

    /**
     * Creates a token named {@code name} that may do what {@code scope} allows, and returns its
     * secret, which is stored only hashed and so can never be shown again.
     *
     * @throws IllegalArgumentException if the name is invalid or an active token already has it
     */
    public String create(String name, TokenScope scope) {
        TokenSecrets.checkName(name);
        String secret = secrets.generate();
        inTransaction(connection -> {
            if (tokens.activeNameExists(connection, name)) {
                throw new IllegalArgumentException(
                        "a token named '" + name + "' already exists: revoke it first " + "or choose another name");
            }
            tokens.insert(connection, name, TokenSecrets.hash(secret), scope, clock.millis());
            return null;
        });
        return secret;
    }

    public List<ApiToken> list() {
        return inTransaction(tokens::list);
    }

    /** Revokes the active token named {@code name}; false if there is none. */
    public boolean revoke(String name) {
        return inTransaction(connection -> tokens.revoke(connection, name, clock.millis()));
    }

    private <T> T inTransaction(GroupCommitWriter.Work<T> work) {
        try (Connection connection = database.writes.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("database error: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
