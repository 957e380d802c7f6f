package dev.deskphone.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The outbox's table of wrap-up forms left open; callers hold the outbox's lock. */
final class WrapUpDrafts {
    private WrapUpDrafts() {}

    /** Keeps what a wrap-up form holds now (replacing the call's earlier draft). */
    static void save(Connection db, WrapUpDraft draft) {
        try (PreparedStatement upsert = db.prepareStatement(
                "INSERT INTO wrapup_draft (call_id, disposition, notes, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (call_id) DO UPDATE SET disposition = excluded.disposition,"
                        + " notes = excluded.notes, updated_at = excluded.updated_at")) {
            upsert.setString(1, draft.callId());
            upsert.setString(2, draft.disposition());
            upsert.setString(3, draft.notes());
            upsert.setLong(4, draft.at());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a wrap-up draft in the outbox: " + e.getMessage(), e);
        }
    }

    /** Forgets a call's draft. */
    static void drop(Connection db, String callId) {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM wrapup_draft WHERE call_id = ?")) {
            delete.setString(1, callId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove a wrap-up draft from the outbox: " + e.getMessage(), e);
        }
    }

    /** The wrap-up forms left open, oldest edit first. */
    static List<WrapUpDraft> list(Connection db) {
        List<WrapUpDraft> result = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM wrapup_draft ORDER BY updated_at, call_id")) {
            while (rs.next()) {
                result.add(new WrapUpDraft(
                        rs.getString("call_id"),
                        rs.getLong("updated_at"),
                        rs.getString("disposition"),
                        rs.getString("notes")));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the wrap-up drafts: " + e.getMessage(), e);
        }
    }
}
