package dev.deskphone.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** JDBC for {@code api_tokens}. */
final class TokenRepository {

    boolean activeNameExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM api_tokens WHERE name = ? AND revoked_at IS NULL")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    void insert(Connection connection, String name, String hash, TokenScope scope, long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO api_tokens (id, name, token_hash, created_at, role, accounts) VALUES (?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, UUID.randomUUID().toString());
            statement.setString(2, name);
            statement.setString(3, hash);
            statement.setLong(4, now);
            statement.setString(5, scope.role().label());
            statement.setString(6, scope.storedAccounts());
            statement.executeUpdate();
        }
    }

    /** The active token with this hash: who is calling, and what they may do. */
    Optional<Caller> activeByHash(Connection connection, String hash) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, role, accounts FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
            statement.setString(1, hash);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(
                                new Caller(rows.getString(1), TokenScope.stored(rows.getString(2), rows.getString(3))))
                        : Optional.empty();
            }
        }
    }

    boolean revoke(Connection connection, String name, long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
            statement.setLong(1, now);
            statement.setString(2, name);
            return statement.executeUpdate() > 0;
        }
    }

    List<ApiToken> list(Connection connection) throws SQLException {
        List<ApiToken> tokens = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT name, created_at, revoked_at, role, accounts FROM api_tokens ORDER BY name, created_at");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString(1);
                Instant created = Instant.ofEpochMilli(rows.getLong(2));
                long revoked = rows.getLong(3);
                Instant revokedAt = rows.wasNull() ? null : Instant.ofEpochMilli(revoked);
                tokens.add(new ApiToken(
                        name, created, revokedAt, TokenScope.stored(rows.getString(4), rows.getString(5))));
            }
        }
        return tokens;
    }
}
