package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An outbox file the app cannot use is kept aside and a fresh one opened; a good one is left alone. */
class OutboxFileTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.250Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("outbox.db");
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideWithItsBytesAndAFreshOutboxOpened() throws Exception {
        byte[] garbage = "these are not the bytes of an SQLite database, but they are long enough to look like a header"
                .repeat(50)
                .getBytes(StandardCharsets.UTF_8);
        Files.write(file(), garbage);

        OutboxFile.Opened opened = OutboxFile.open(file(), 100, true, NOW);
        try (Outbox outbox = opened.outbox()) {
            Path aside = dir.resolve("outbox.db.unreadable-20260301T101530.250Z");
            assertThat(opened.movedAside()).hasValueSatisfying(moved -> {
                assertThat(moved.file()).isEqualTo(aside);
                assertThat(moved.reason()).startsWith("damaged or not a database");
                assertThat(moved.warning()).contains(aside.toString(), "a new one started");
            });
            assertThat(Files.readAllBytes(aside)).isEqualTo(garbage);
            outbox.append(
                    new PageEventParser().parse(PageEvents.created(PageEvents.newCallId(), PageEvents.T0)),
                    BackendRequest.of(
                            new PageEventParser().parse(PageEvents.created(PageEvents.newCallId(), PageEvents.T0)),
                            PageEvents.JSON),
                    1);
            assertThat(outbox.counts().pending()).isEqualTo(1);
        }
    }

    @Test
    void aFileFromANewerDeskphoneIsMovedAsideUnchanged() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE outbox_v9 (x TEXT)");
            s.executeUpdate("INSERT INTO outbox_v9 VALUES ('kept')");
            s.executeUpdate("PRAGMA user_version = 9");
        }
        assertThatThrownBy(() -> Outbox.open(file(), 100, true))
                .isInstanceOf(OutboxUnreadableException.class)
                .hasMessageContaining("newer Deskphone (schema 9");

        OutboxFile.Opened opened = OutboxFile.open(file(), 100, true, NOW);
        opened.outbox().close();
        Path aside = opened.movedAside().orElseThrow().file();
        assertThat(opened.movedAside().get().reason())
                .isEqualTo("written by a newer Deskphone (schema 9; this one knows 1)");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + aside);
                Statement s = db.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(9);
            assertThat(s.executeQuery("SELECT x FROM outbox_v9").getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void aGoodFileIsOpenedAsItIsWithItsEvents() throws Exception {
        String call = PageEvents.newCallId();
        try (Outbox outbox = Outbox.open(file(), 100, true)) {
            new CallEvents(outbox, PageEvents.JSON, () -> 1L).accept(PageEvents.created(call, PageEvents.T0));
        }
        OutboxFile.Opened opened = OutboxFile.open(file(), 100, true, NOW);
        try (Outbox outbox = opened.outbox()) {
            assertThat(opened.movedAside()).isEmpty();
            assertThat(outbox.list(false)).extracting(OutboxEntry::callId).containsExactly(call);
        }
        try (var listing = java.nio.file.Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("unreadable"));
        }
    }

    @Test
    void aFileThatCannotBeOpenedForOtherReasonsIsNotMoved() throws Exception {
        Files.createDirectory(file()); // a directory where the file belongs: not the file's content at fault
        assertThatThrownBy(() -> OutboxFile.open(file(), 100, true, NOW))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(OutboxUnreadableException.class);
        assertThat(file()).isDirectory();
    }
}
