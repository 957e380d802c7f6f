package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.DeskphoneProcess.CliResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app started on a damaged {@code outbox.db}: it starts anyway, keeps the old file under
 * a new name, names it in the log, and says so in {@code deskphone status}; new events go to a fresh
 * outbox and reach the embedded backend.
 */
class OutboxRecoveryIT {
    @TempDir
    Path tmp;

    @Test
    void aDamagedOutboxIsKeptAsideAndThePhoneStartsWithAWarning() throws Exception {
        try (DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            Path dataDir = Path.of(app.env().get("XDG_DATA_HOME"), "deskphone");
            Files.createDirectories(dataDir);
            byte[] damaged = "SQLite format 3\0 but the rest of this file is a disk error's leftovers. "
                    .repeat(200)
                    .getBytes(StandardCharsets.UTF_8);
            Files.write(dataDir.resolve("outbox.db"), damaged);

            app.start();
            JsonNode status = app.awaitStatus(
                    "window shown with the backend status",
                    Duration.ofSeconds(60),
                    s -> s.has("windowShownAt") && s.path("backend").has("outboxWarning"));

            List<Path> aside;
            try (Stream<Path> files = Files.list(dataDir)) {
                aside = files.filter(f -> f.getFileName().toString().startsWith("outbox.db.unreadable-"))
                        .toList();
            }
            assertThat(aside).as(app.appOutput()).hasSize(1);
            assertThat(Files.readAllBytes(aside.get(0)))
                    .as("the old file is kept as it was")
                    .isEqualTo(damaged);
            assertThat(status.path("backend").path("outboxWarning").asText())
                    .contains(aside.get(0).toString());

            String log = Files.readString(app.home().resolve("logs").resolve("deskphone.log"));
            assertThat(log).contains("cannot be used", aside.get(0).toString());

            CliResult cli = app.cliOk("status");
            assertThat(cli.stdout())
                    .contains(
                            "Call events: The call-event outbox could not be read",
                            aside.get(0).toString());

            // The fresh outbox works: the app's status reads it, and the backend comes up.
            app.awaitStatus(
                    "backend online",
                    Duration.ofSeconds(60),
                    s -> "online".equals(s.path("backend").path("state").asText()));
            assertThat(app.process().isAlive()).isTrue();
        }
    }
}
