package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing outbox write holds the event in memory, in order, until writing works again. */
class CallEventsStorageTest {
    @TempDir
    Path dir;

    private Outbox outbox;
    private volatile String diskError; // non-null: every append fails as SQLite does on a full disk
    private final List<CallEvents.StorageStatus> reported = new CopyOnWriteArrayList<>();
    private CallEvents events;

    @BeforeEach
    void open() {
        outbox = Outbox.open(dir.resolve("outbox.db"), 4, true);
        CallEvents.Appender failing = (event, request, now) -> {
            if (diskError != null) {
                throw new IllegalStateException("cannot store a call event in the outbox: " + diskError);
            }
            return outbox.append(event, request, now);
        };
        events = new CallEvents(outbox, failing, PageEvents.JSON, () -> 42L, reported::add);
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    @Test
    void aFailedWriteHoldsTheEventAndLaterOnesInOrderUntilTheDiskRecovers() {
        String call = PageEvents.newCallId();
        ObjectNode[] messages = PageEvents.call(call, PageEvents.T0);
        assertThat(events.accept(messages[0])).isPresent();

        diskError = "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)";
        assertThat(events.accept(messages[1])).isEmpty(); // answered like a stored one: no exception
        diskError = null; // the disk has room again, but the next event must not overtake the held one
        assertThat(events.accept(messages[2])).isEmpty();

        assertThat(events.storageStatus().held()).isEqualTo(2);
        assertThat(events.storageStatus().error())
                .hasValueSatisfying(error -> assertThat(error).contains("disk is full"));
        assertThat(reported)
                .last()
                .satisfies(status -> assertThat(status.failing()).isTrue());
        assertThat(outbox.list(false)).extracting(OutboxEntry::event).containsExactly("created");

        events.retryHeld();

        assertThat(outbox.list(false)).extracting(OutboxEntry::event).containsExactly("created", "answered", "ended");
        assertThat(events.storageStatus()).isEqualTo(new CallEvents.StorageStatus(0, Optional.empty()));
        assertThat(reported)
                .last()
                .satisfies(status -> assertThat(status.failing()).isFalse());
        assertThat(events.accept(messages[3])).isPresent();
    }

    @Test
    void aRetryWhileTheDiskStillFailsKeepsEverything() {
        diskError = "disk I/O error";
        String call = PageEvents.newCallId();
        events.accept(PageEvents.created(call, PageEvents.T0));
        events.retryHeld();
        assertThat(events.storageStatus().held()).isEqualTo(1);
        assertThat(events.storageStatus().failing()).isTrue();
        diskError = null;
        events.retryHeld();
        assertThat(outbox.list(false)).extracting(OutboxEntry::callId).containsExactly(call);
    }

    @Test
    void heldEventsAreBoundedByTheOutboxCapacity() {
        diskError = "attempt to write a readonly database";
        for (int i = 0; i < 4; i++) {
            events.accept(PageEvents.created(PageEvents.newCallId(), PageEvents.T0));
        }
        assertThatThrownBy(() -> events.accept(PageEvents.created(PageEvents.newCallId(), PageEvents.T0)))
                .isInstanceOf(OutboxFullException.class);
        assertThat(events.storageStatus().held()).isEqualTo(4);
    }
}
