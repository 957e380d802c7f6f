package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.PostgresExtension;
import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --retain-days}: old calls and keys go in batches, recent ones stay; on SQLite and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
@ExtendWith(PostgresExtension.class)
class RetentionIT {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final long OLD = NOW.minus(Duration.ofDays(400)).toEpochMilli();
    private static final long RECENT = NOW.minus(Duration.ofDays(1)).toEpochMilli();

    @Parameter
    TestDatabase database;

    @Test
    void oldCallsAndTheirKeysAreDeletedInBatchesAndRecentOnesStay(Postgres postgres) throws Exception {
        Path dir = Files.createTempDirectory("deskphone-retention-it");
        String url = database.newJdbcUrl(dir, postgres, "retention");
        try (Database db = Database.open(url);
                GroupCommitWriter writer = new GroupCommitWriter(db.writes, db.writerThreads, (size, seconds) -> {})) {
            List<String> old = insertCalls(db, 2 * Retention.BATCH + 3, OLD);
            List<String> recent = insertCalls(db, 5, RECENT);
            insertKey(db, "late-event-of-an-old-call", old.get(0), RECENT);
            insertKey(db, "old-key-of-a-recent-call", recent.get(0), OLD);
            insertKey(db, "recent-key", recent.get(1), RECENT);
            CallService service = new CallService(
                    writer,
                    db.reads,
                    new CallRepository(db.vendor),
                    new IdempotencyKeys(),
                    Clock.fixed(NOW, ZoneOffset.UTC));

            assertThat(service.deleteCallsStartedBefore(
                                    NOW.minus(Duration.ofDays(365)).toEpochMilli(), Retention.BATCH)
                            .join())
                    .as("one batch is at most " + Retention.BATCH)
                    .isEqualTo(Retention.BATCH);
            Retention.Deleted deleted = new Retention(service, 365, Clock.fixed(NOW, ZoneOffset.UTC)).deleteExpired();

            assertThat(deleted).isEqualTo(new Retention.Deleted(Retention.BATCH + 3, 1));
            assertThat(strings(db, "SELECT id FROM calls")).containsExactlyInAnyOrderElementsOf(recent);
            assertThat(strings(db, "SELECT idempotency_key FROM idempotency_keys"))
                    .containsExactly("recent-key");
            assertThat(new Retention(service, 365, Clock.fixed(NOW, ZoneOffset.UTC)).deleteExpired())
                    .isEqualTo(new Retention.Deleted(0, 0));
        }
    }

    @Test
    void aServerWithRetainDaysPrunesAtStart(Postgres postgres) throws Exception {
        Path dir = Files.createTempDirectory("deskphone-retention-start-it");
        String url = database.newJdbcUrl(dir, postgres, "retention_start");
        long now = System.currentTimeMillis();
        List<String> old;
        List<String> recent;
        try (Database db = Database.open(url)) {
            old = insertCalls(db, 3, now - Duration.ofDays(31).toMillis());
            recent = insertCalls(db, 2, now - Duration.ofDays(29).toMillis());
        }
        BackendConfig config = new BackendConfig(BackendConfig.LOOPBACK, 0, url, dir).withRetainDays(30);
        try (BackendServer server = BackendServer.start(config);
                Database db = Database.open(url)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (strings(db, "SELECT id FROM calls").size() > recent.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(strings(db, "SELECT id FROM calls"))
                    .as("old calls " + old + " pruned at start")
                    .containsExactlyInAnyOrderElementsOf(recent);
        }
    }

    private static List<String> insertCalls(Database db, int count, long startedAt) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = db.writes.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO calls (id, direction, account, "
                            + "profile, local_uri, remote_uri, started_at, received_at, updated_at) "
                            + "VALUES (?, 'inbound', '1001', 'main', 'sip:1001@pbx.test', 'sip:+15550100@pbx.test', ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    String id = UUID.randomUUID().toString();
                    insert.setString(1, id);
                    insert.setLong(2, startedAt + i);
                    insert.setLong(3, startedAt + i);
                    insert.setLong(4, startedAt + i);
                    insert.addBatch();
                    ids.add(id);
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        return ids;
    }

    private static void insertKey(Database db, String key, String callId, long createdAt) throws SQLException {
        try (Connection connection = db.writes.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO idempotency_keys (idempotency_key, request_hash, call_id, created_at) VALUES (?, 'h', ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, callId);
            insert.setLong(3, createdAt);
            insert.executeUpdate();
        }
    }

    private static List<String> strings(Database db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = db.reads.getConnection();
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
