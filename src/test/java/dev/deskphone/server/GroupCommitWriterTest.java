package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
    @TempDir
    Path dir;

    private Database database;
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private GroupCommitWriter writer;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(BackendConfig.sqliteUrl(dir));
        try (Connection connection = database.writes.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (n INTEGER PRIMARY KEY)");
        }
        writer = new GroupCommitWriter(database.writes, 1, (size, seconds) -> batches.add(size));
    }

    @AfterEach
    void close() {
        writer.close();
        database.close();
    }

    private CompletableFuture<Integer> insert(int n) {
        return writer.submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO items (n) VALUES (?)")) {
                statement.setInt(1, n);
                return statement.executeUpdate();
            }
        });
    }

    private int count() throws Exception {
        try (Connection connection = database.reads.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM items")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void queuedWritesCommitTogetherAndEachIsVisibleWhenItsFutureCompletes() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int n = i;
            futures.add(insert(n).thenApply(done -> {
                try {
                    return count() > n ? done : -1;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        for (CompletableFuture<Integer> future : futures) {
            assertThat(future.join()).isEqualTo(1);
        }
        assertThat(count()).isEqualTo(2_000);
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_000);
        assertThat(batches).anySatisfy(size -> assertThat(size).isGreaterThan(1));
    }

    @Test
    void aFailingWriteFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
        insert(1).join();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 2; i < 50; i++) {
            futures.add(insert(i == 25 ? 1 : i)); // 25 repeats the primary key 1
        }
        for (int i = 0; i < futures.size(); i++) {
            if (i + 2 == 25) {
                assertThatThrownBy(futures.get(i)::join).hasRootCauseInstanceOf(java.sql.SQLException.class);
            } else {
                assertThat(futures.get(i).join()).isEqualTo(1);
            }
        }
        assertThat(count()).isEqualTo(48);
    }

    @Test
    void aBusinessExceptionCompletesItsFutureWithoutFailingTheBatch() {
        CompletableFuture<Object> conflict = writer.submit(connection -> {
            throw new CallConflictException("no");
        });
        CompletableFuture<Integer> fine = insert(7);
        assertThatThrownBy(conflict::join).hasCauseInstanceOf(CallConflictException.class);
        assertThat(fine.join()).isEqualTo(1);
    }

    @Test
    void closeCommitsEverythingAcceptedAndRefusesLaterWork() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(insert(i));
        }
        writer.close();
        assertThat(futures).allSatisfy(future -> assertThat(future).isCompletedWithValue(1));
        assertThat(count()).isEqualTo(500);
        assertThatThrownBy(insert(999)::join).hasCauseInstanceOf(GroupCommitWriter.ShuttingDownException.class);
    }
}
