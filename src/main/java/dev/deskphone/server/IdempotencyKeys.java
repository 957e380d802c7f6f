package dev.deskphone.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** JDBC for {@code idempotency_keys}: which key was used with which request. */
final class IdempotencyKeys {
    /** A key as sent by the client, with the fingerprint of the request that carried it. */
    record Claim(String key, String requestHash) {}

    record Stored(String requestHash, String callId) {}

    Optional<Stored> find(Connection connection, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT request_hash, call_id FROM idempotency_keys WHERE idempotency_key = ?")) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new Stored(rows.getString(1), rows.getString(2))) : Optional.empty();
            }
        }
    }

    void record(Connection connection, Claim claim, String callId, long now) throws SQLException {
        String sql = "INSERT INTO idempotency_keys (idempotency_key, request_hash, call_id, created_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, claim.key());
            statement.setString(2, claim.requestHash());
            statement.setString(3, callId);
            statement.setLong(4, now);
            statement.executeUpdate();
        }
    }

    int deleteOlderThan(Connection connection, long cutoff) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
            statement.setLong(1, cutoff);
            return statement.executeUpdate();
        }
    }

    /** Deletes the keys that name these calls, so none outlives its call. */
    int deleteForCalls(Connection connection, List<String> callIds) throws SQLException {
        return CallRepository.deleteWhereIn(connection, "DELETE FROM idempotency_keys WHERE call_id IN ", callIds);
    }

    /** Deletes up to {@code limit} keys made before {@code cutoff}; how many went. */
    int deleteOlderThan(Connection connection, long cutoff, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM idempotency_keys WHERE "
                + "idempotency_key IN (SELECT idempotency_key FROM idempotency_keys WHERE created_at < ? LIMIT ?)")) {
            statement.setLong(1, cutoff);
            statement.setInt(2, limit);
            return statement.executeUpdate();
        }
    }
}
