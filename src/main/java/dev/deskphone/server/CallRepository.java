package dev.deskphone.server;

import dev.deskphone.platform.SqlColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** JDBC for the {@code calls} table. Portable SQL; the caller owns connections and transactions. */
final class CallRepository {
    private static final String COLUMNS = "id, direction, account, profile, local_uri, remote_uri, "
            + "remote_display_name, started_at, answered_at, ended_at, end_reason, sip_status, ended_by, "
            + "jitter_ms, packet_loss_pct, rtt_ms, codec, mos, remote_user_agent, remote_reason, "
            + "transfer_kind, transfer_target, wrapup_ended_at, disposition, notes, received_at, updated_at";

    private final Vendor vendor;

    CallRepository(Vendor vendor) {
        this.vendor = vendor;
    }

    Optional<Call> find(Connection connection, String id) throws SQLException {
        return find(connection, id, "");
    }

    /** Reads the call and, on PostgreSQL, locks its row until the transaction ends. */
    Optional<Call> findForUpdate(Connection connection, String id) throws SQLException {
        return find(connection, id, vendor.lockForUpdate);
    }

    private Optional<Call> find(Connection connection, String id, String lock) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM calls WHERE id = ?" + lock)) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /**
     * Inserts a new call; false when a call with that id exists already (then nothing changed).
     * ON CONFLICT DO NOTHING makes concurrent creates of one id safe across server instances.
     */
    boolean insert(Connection connection, Call call) throws SQLException {
        String sql = "INSERT INTO calls (id, direction, account, profile, local_uri, remote_uri, "
                + "remote_display_name, started_at, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, call.id());
            statement.setString(2, call.created().direction());
            statement.setString(3, call.created().account());
            statement.setString(4, call.created().profile());
            statement.setString(5, call.created().localUri());
            statement.setString(6, call.created().remoteUri());
            statement.setString(7, call.created().remoteDisplayName());
            statement.setLong(8, call.startedAt());
            statement.setLong(9, call.receivedAt());
            statement.setLong(10, call.updatedAt());
            return statement.executeUpdate() == 1;
        }
    }

    /** Writes everything the later events set. */
    void update(Connection connection, Call call) throws SQLException {
        String sql = "UPDATE calls SET answered_at = ?, ended_at = ?, end_reason = ?, sip_status = ?, ended_by = ?, "
                + "jitter_ms = ?, packet_loss_pct = ?, rtt_ms = ?, codec = ?, mos = ?, wrapup_ended_at = ?, "
                + "disposition = ?, notes = ?, updated_at = ?, remote_user_agent = ?, remote_reason = ?, "
                + "transfer_kind = ?, transfer_target = ? WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            setLong(statement, 1, call.answeredAt());
            setLong(statement, 2, call.endedAt());
            Call.Ending end = call.ending();
            statement.setString(3, end == null ? null : end.reason());
            if (end == null || end.sipStatus() == null) {
                statement.setNull(4, Types.INTEGER);
            } else {
                statement.setInt(4, end.sipStatus());
            }
            statement.setString(5, end == null ? null : end.endedBy());
            Call.Quality quality = end == null ? null : end.quality();
            setDouble(statement, 6, quality == null ? null : quality.jitterMs());
            setDouble(statement, 7, quality == null ? null : quality.packetLossPct());
            setDouble(statement, 8, quality == null ? null : quality.rttMs());
            statement.setString(9, quality == null ? null : quality.codec());
            setDouble(statement, 10, quality == null ? null : quality.mos());
            Call.WrapUp wrapUp = call.wrapUp();
            setLong(statement, 11, call.wrapupEndedAt());
            statement.setString(12, wrapUp == null ? null : wrapUp.disposition());
            statement.setString(13, wrapUp == null ? null : wrapUp.notes());
            statement.setLong(14, call.updatedAt());
            Call.FarEnd farEnd = end == null ? null : end.farEnd();
            statement.setString(15, farEnd == null ? null : farEnd.userAgent());
            statement.setString(16, farEnd == null ? null : farEnd.reason());
            Call.Transfer transfer = end == null ? null : end.transfer();
            statement.setString(17, transfer == null ? null : transfer.kind());
            statement.setString(18, transfer == null ? null : transfer.target());
            statement.setString(19, call.id());
            statement.executeUpdate();
        }
    }

    /** One page, newest first, after the cursor position if there is one. */
    List<Call> list(Connection connection, CallQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM calls WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.account() != null) {
            sql.append(" AND account = ?");
            args.add(query.account());
        }
        inAccounts(sql, args, query.accounts());
        if (query.direction() != null) {
            sql.append(" AND direction = ?");
            args.add(query.direction());
        }
        if (query.from() != null) {
            sql.append(" AND started_at >= ?");
            args.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND started_at < ?");
            args.add(query.to());
        }
        if (query.after() != null) {
            sql.append(" AND (started_at < ? OR (started_at = ? AND id < ?))");
            args.add(query.after().startedAt());
            args.add(query.after().startedAt());
            args.add(query.after().id());
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        args.add(query.limit() + 1);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            List<Call> calls = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    calls.add(read(rows));
                }
            }
            return calls;
        }
    }

    /** Per-account totals over calls started in [from, to), of {@code accounts} only when not null. */
    List<AccountTotals> totals(Connection connection, Long from, Long to, Set<String> accounts) throws SQLException {
        StringBuilder where = new StringBuilder();
        List<Object> accountArgs = new ArrayList<>();
        inAccounts(where, accountArgs, accounts);
        String sql = "SELECT account, COUNT(*) AS calls, "
                + "SUM(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered, "
                + "AVG(CASE WHEN answered_at IS NOT NULL AND ended_at IS NOT NULL THEN ended_at - answered_at END) AS avg_talk, "
                + "AVG(CASE WHEN ended_at IS NOT NULL AND wrapup_ended_at IS NOT NULL THEN wrapup_ended_at - ended_at END) AS avg_wrapup "
                + "FROM calls WHERE started_at >= ? AND started_at < ?" + where + " GROUP BY account ORDER BY account";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, from == null ? Long.MIN_VALUE : from);
            statement.setLong(2, to == null ? Long.MAX_VALUE : to);
            for (int i = 0; i < accountArgs.size(); i++) {
                statement.setObject(i + 3, accountArgs.get(i));
            }
            List<AccountTotals> totals = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long calls = rows.getLong("calls");
                    long answered = rows.getLong("answered");
                    totals.add(new AccountTotals(
                            rows.getString("account"),
                            calls,
                            answered,
                            SqlColumns.nullableDouble(rows, "avg_talk"),
                            SqlColumns.nullableDouble(rows, "avg_wrapup")));
                }
            }
            return totals;
        }
    }

    /** The ids of up to {@code limit} calls started before {@code cutoff}, oldest first. */
    List<String> idsStartedBefore(Connection connection, long cutoff, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM calls WHERE started_at < ? ORDER BY started_at, id LIMIT ?")) {
            statement.setLong(1, cutoff);
            statement.setInt(2, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    /** Deletes the calls with these ids (their events are their columns); how many rows went. */
    int delete(Connection connection, List<String> ids) throws SQLException {
        return deleteWhereIn(connection, "DELETE FROM calls WHERE id IN ", ids);
    }

    /** {@code prefix} followed by {@code (?, ...)} for {@code values}; the number of rows changed. */
    static int deleteWhereIn(Connection connection, String prefix, List<String> values) throws SQLException {
        if (values.isEmpty()) {
            return 0;
        }
        String sql = prefix + "(" + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                statement.setString(i + 1, values.get(i));
            }
            return statement.executeUpdate();
        }
    }

    /** {@code AND account IN (?, ...)} when {@code accounts} is not null. */
    private static void inAccounts(StringBuilder sql, List<Object> args, Set<String> accounts) {
        if (accounts == null) {
            return;
        }
        sql.append(" AND account IN (")
                .append(String.join(", ", java.util.Collections.nCopies(accounts.size(), "?")))
                .append(')');
        args.addAll(accounts);
    }

    private static Call read(ResultSet rows) throws SQLException {
        Double jitter = SqlColumns.nullableDouble(rows, "jitter_ms");
        Call.Quality quality = jitter == null
                ? null
                : new Call.Quality(
                        jitter,
                        rows.getDouble("packet_loss_pct"),
                        rows.getDouble("rtt_ms"),
                        rows.getString("codec"),
                        SqlColumns.nullableDouble(rows, "mos"));
        String transferKind = rows.getString("transfer_kind");
        Call.Transfer transfer =
                transferKind == null ? null : new Call.Transfer(transferKind, rows.getString("transfer_target"));
        Integer sipStatus = SqlColumns.nullableInt(rows, "sip_status");
        Long endedAt = SqlColumns.nullableLong(rows, "ended_at");
        Call.Ending ending = endedAt == null
                ? null
                : new Call.Ending(
                        endedAt,
                        rows.getString("end_reason"),
                        sipStatus,
                        rows.getString("ended_by"),
                        quality,
                        farEnd(rows.getString("remote_user_agent"), rows.getString("remote_reason")),
                        transfer);
        Long wrapupEndedAt = SqlColumns.nullableLong(rows, "wrapup_ended_at");
        return new Call(
                new CallEvent.Create(
                        rows.getString("id"),
                        rows.getString("direction"),
                        rows.getString("account"),
                        rows.getString("profile"),
                        rows.getString("local_uri"),
                        rows.getString("remote_uri"),
                        rows.getString("remote_display_name"),
                        rows.getLong("started_at")),
                SqlColumns.nullableLong(rows, "answered_at"),
                ending,
                wrapupEndedAt == null
                        ? null
                        : new Call.WrapUp(wrapupEndedAt, rows.getString("disposition"), rows.getString("notes")),
                rows.getLong("received_at"),
                rows.getLong("updated_at"));
    }

    private static Call.FarEnd farEnd(String userAgent, String reason) {
        return userAgent == null && reason == null ? null : new Call.FarEnd(userAgent, reason);
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }
}
