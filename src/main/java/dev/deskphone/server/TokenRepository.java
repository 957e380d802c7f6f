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

    void insert(Connection connection, String name, String hash, long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)")) {
            statement.setString(1, UUID.randomUUID().toString());
            statement.setString(2, name);
            statement.setString(3, hash);
            statement.setLong(4, now);
            statement.executeUpdate();
        }
    }

    /** The name of the active token with this hash. */
    Optional<String> activeNameByHash(Connection connection, String hash) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT name FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
            statement.setString(1, hash);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
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
                "SELECT name, created_at, revoked_at FROM api_tokens ORDER BY name, created_at");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString(1);
                Instant created = Instant.ofEpochMilli(rows.getLong(2));
                long revoked = rows.getLong(3);
                tokens.add(new ApiToken(name, created, rows.wasNull() ? null : Instant.ofEpochMilli(revoked)));
            }
        }
        return tokens;
    }
}
