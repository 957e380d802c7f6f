package dev.deskphone.platform;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Nullable numbers from a JDBC row: {@code getLong} and friends answer 0 for SQL NULL, so each
 * reads the value and then asks {@link ResultSet#wasNull()}; these do both, once for every reader.
 */
public final class SqlColumns {
    private SqlColumns() {}

    public static Integer nullableInt(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    public static Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    public static Double nullableDouble(ResultSet rows, String column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
