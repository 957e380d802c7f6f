package dev.deskphone.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Reads the calls table directly: id → answered_at (null when not answered). */
final class StoredCalls {
    private StoredCalls() {}

    static Map<String, Long> read(String jdbcUrl) throws SQLException {
        Map<String, Long> calls = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, answered_at FROM calls")) {
            while (rows.next()) {
                long answered = rows.getLong(2);
                calls.put(rows.getString(1), rows.wasNull() ? null : answered);
            }
        }
        return calls;
    }
}
