package dev.deskphone.server;

import static dev.deskphone.server.Calls.created;
import static dev.deskphone.server.Calls.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deskphone server backup}: a SQLite backup taken while events keep arriving is a complete,
 * consistent database, and a server restored from it has every call acknowledged before it began.
 */
class BackupIT {
    @TempDir
    Path root;

    @Test
    void aBackupDuringWritesRestoresIntoAServerThatSeesTheCalls() throws Exception {
        Path live = root.resolve("live");
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        Path backup = root.resolve("backup.db");
        List<String> beforeBackup;
        List<String> afterBackup;
        try (BackendServer server = BackendServer.start(BackendConfig.embedded(live))) {
            ApiClient api = new ApiClient(server.baseUrl(), server.localToken());
            Runnable load = () -> {
                while (writing.get()) {
                    String id = newId();
                    try {
                        if (api.post("/internal/calls", created(id, "1001")).status() == 201) {
                            acknowledged.add(id);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            List<Future<?>> running = List.of(writers.submit(load), writers.submit(load));
            while (acknowledged.size() < 200) {
                Thread.sleep(10);
            }
            beforeBackup = List.copyOf(acknowledged);
            BackendMaintenance.backup(BackendConfig.sqliteUrl(live), backup);
            afterBackup = List.copyOf(acknowledged);
            writing.set(false);
            for (Future<?> writer : running) {
                writer.get();
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(afterBackup.size()).as("writes went on during the backup").isGreaterThan(beforeBackup.size());

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + backup);
                Statement statement = connection.createStatement();
                ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
            check.next();
            assertThat(check.getString(1)).isEqualTo("ok");
        }
        assertThat(root.resolve("backup.db-wal"))
                .as("the backup needs no WAL file")
                .doesNotExist();

        Path restored = root.resolve("restored");
        Files.createDirectories(restored);
        Files.copy(backup, restored.resolve(BackendConfig.DATABASE_FILE));
        try (BackendServer server = BackendServer.start(BackendConfig.embedded(restored))) {
            ApiClient api = new ApiClient(server.baseUrl(), server.localToken());
            for (String id : beforeBackup) {
                assertThat(api.get("/internal/calls/" + id).status()).as(id).isEqualTo(200);
            }
            int stored = 0;
            for (String id : afterBackup) {
                stored += api.get("/internal/calls/" + id).status() == 200 ? 1 : 0;
            }
            assertThat(stored).isBetween(beforeBackup.size(), afterBackup.size());
        }
    }
}
