package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    private final PageEventParser parser = new PageEventParser();

    private OutboxEntry append(Outbox outbox, com.fasterxml.jackson.databind.JsonNode message) {
        PageCallEvent event = parser.parse(message);
        return outbox.append(event, BackendRequest.of(event, PageEvents.JSON), 42);
    }

    @Test
    void storedEventsSurviveReopeningWithTheirKeys() throws Exception {
        Path file = dir.resolve("outbox.db");
        String call = PageEvents.newCallId();
        OutboxEntry created;
        try (Outbox outbox = Outbox.open(file, 100, true)) {
            created = append(outbox, PageEvents.created(call, PageEvents.T0));
            append(outbox, PageEvents.answered(call, PageEvents.T0 + 5));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (Outbox outbox = Outbox.open(file, 100, true)) {
            List<OutboxEntry> stored = outbox.list(false);
            assertThat(stored).extracting(OutboxEntry::event).containsExactly("created", "answered");
            assertThat(stored.get(0)).isEqualTo(created);
            assertThat(outbox.counts()).isEqualTo(new Outbox.Counts(2, 0, 100));
        }
    }

    @Test
    void outcomesAreRecordedTogether() {
        String a = PageEvents.newCallId();
        String b = PageEvents.newCallId();
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), 100, true)) {
            OutboxEntry a1 = append(outbox, PageEvents.created(a, PageEvents.T0));
            OutboxEntry b1 = append(outbox, PageEvents.created(b, PageEvents.T0));
            OutboxEntry a2 = append(outbox, PageEvents.answered(a, PageEvents.T0 + 1));
            outbox.record(List.of(new Outbox.Delivered(a1.seq()), new Outbox.Retrying(b1.seq(), "HTTP 503")), 50);
            List<OutboxEntry> left = outbox.list(false);
            assertThat(left).extracting(OutboxEntry::seq).containsExactly(b1.seq(), a2.seq());
            assertThat(left.get(0).attempts()).isEqualTo(1);
            assertThat(left.get(0).lastError()).isEqualTo("HTTP 503");
            assertThat(outbox.counts().pending()).isEqualTo(2);
        }
    }

    @Test
    void aDeadEventHoldsItsCallBackUntilRetried() {
        String a = PageEvents.newCallId();
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), 100, false)) {
            OutboxEntry created = append(outbox, PageEvents.created(a, PageEvents.T0));
            append(outbox, PageEvents.answered(a, PageEvents.T0 + 1));
            outbox.record(List.of(new Outbox.Refused(created.seq(), "HTTP 422: bad")), 77);

            assertThat(outbox.counts()).isEqualTo(new Outbox.Counts(1, 1, 100));
            assertThat(outbox.list(true)).singleElement().satisfies(dead -> {
                assertThat(dead.seq()).isEqualTo(created.seq());
                assertThat(dead.deadAt()).isEqualTo(77L);
                assertThat(dead.lastError()).isEqualTo("HTTP 422: bad");
            });

            assertThat(outbox.retry(created.seq() + 1)).isFalse(); // not dead
            assertThat(outbox.retry(created.seq())).isTrue();
            assertThat(outbox.list(false)).allMatch(e -> !e.dead());
            assertThat(outbox.counts()).isEqualTo(new Outbox.Counts(2, 0, 100));
        }
    }

    @Test
    void retryAllSeesDeadEventsAnotherProcessRevived() {
        Path file = dir.resolve("o.db");
        try (Outbox app = Outbox.open(file, 100, false)) {
            OutboxEntry one = append(app, PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
            OutboxEntry two = append(app, PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
            app.record(
                    List.of(new Outbox.Refused(one.seq(), "HTTP 409"), new Outbox.Refused(two.seq(), "HTTP 409")), 1);
            try (Outbox cli = Outbox.open(file, 100, false)) {
                assertThat(cli.retryAll()).isEqualTo(2);
            }
            assertThat(app.counts().dead()).isEqualTo(2); // cached until refreshed
            app.refreshCounts();
            assertThat(app.counts()).isEqualTo(new Outbox.Counts(2, 0, 100));
        }
    }

    @Test
    void aFullOutboxRefusesNewEventsAndKeepsTheStoredOnes() {
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), 2, false)) {
            append(outbox, PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
            append(outbox, PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
            assertThatThrownBy(() -> append(outbox, PageEvents.created(PageEvents.newCallId(), PageEvents.T0)))
                    .isInstanceOf(OutboxFullException.class)
                    .hasMessageContaining("full (2 events");
            assertThat(outbox.list(false)).hasSize(2);
        }
    }

    @Test
    void aNewerSchemaIsNotTouched() throws Exception {
        Path file = dir.resolve("o.db");
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement s = db.createStatement()) {
            s.executeUpdate("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> Outbox.open(file, 10, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("newer Deskphone");
    }
}
