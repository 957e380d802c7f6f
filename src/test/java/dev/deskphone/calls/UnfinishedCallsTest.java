package dev.deskphone.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.events.CallEvents;
import dev.deskphone.events.Outbox;
import dev.deskphone.events.OutboxEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page that reloads mid-call leaves no call open in the records: each is closed as cut off. */
class UnfinishedCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_760_000_100_000L;

    @TempDir
    Path dataDir;

    private Outbox outbox;
    private CallEvents events;
    private final UnfinishedCalls unfinished = new UnfinishedCalls(JSON, () -> NOW);

    @BeforeEach
    void open() {
        outbox = Outbox.open(dataDir.resolve("outbox.db"), 100, false);
        events = new CallEvents(outbox, JSON, () -> NOW);
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    /** What the app does with a page's call-event: store it, then note it. */
    private void store(ObjectNode message) {
        events.accept(message);
        unfinished.stored(message);
    }

    @Test
    void callsInProgressAndInWrapUpAreClosedWithAReasonFinishedOnesAreLeftAlone() throws Exception {
        String talking = UUID.randomUUID().toString();
        String wrappingUp = UUID.randomUUID().toString();
        String finished = UUID.randomUUID().toString();
        for (String id : List.of(talking, wrappingUp, finished)) {
            store(created(id));
            store(event("answered", id));
        }
        store(event("ended", wrappingUp).put("reason", "completed").put("endedBy", "remote"));
        store(event("ended", finished).put("reason", "completed").put("endedBy", "remote"));
        store(event("wrapup", finished).put("disposition", "sale"));
        int before = outbox.list(false).size();

        unfinished.closeAll(UnfinishedCalls.Cut.PAGE_RELOADED, this::store);

        List<OutboxEntry> added =
                outbox.list(false).subList(before, outbox.list(false).size());
        assertThat(added)
                .extracting(OutboxEntry::callId, OutboxEntry::event)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(talking, "ended"),
                        org.assertj.core.groups.Tuple.tuple(talking, "wrapup"),
                        org.assertj.core.groups.Tuple.tuple(wrappingUp, "wrapup"));
        assertThat(JSON.readTree(added.get(0).body()).path("reason").asText()).isEqualTo("failed");
        assertThat(JSON.readTree(added.get(1).body()).path("disposition").asText())
                .isEqualTo("page-reloaded");
        assertThat(added).allSatisfy(entry -> assertThat(entry.occurredAt()).isEqualTo(NOW));
        assertThat(unfinished.size()).isZero();

        unfinished.closeAll(UnfinishedCalls.Cut.PAGE_RELOADED, this::store);
        assertThat(outbox.list(false)).hasSize(before + 3);
    }

    @Test
    void aLostDisplayRecordsItsCallsWithItsOwnDisposition() throws Exception {
        String talking = UUID.randomUUID().toString();
        store(created(talking));
        int before = outbox.list(false).size();

        unfinished.closeAll(UnfinishedCalls.Cut.DISPLAY_LOST, this::store);

        List<OutboxEntry> added =
                outbox.list(false).subList(before, outbox.list(false).size());
        assertThat(added).extracting(OutboxEntry::event).containsExactly("ended", "wrapup");
        JsonNode wrapup = JSON.readTree(added.get(1).body());
        assertThat(wrapup.path("disposition").asText()).isEqualTo("display-lost");
        assertThat(wrapup.path("notes").asText()).contains("display went away");
        assertThat(unfinished.anyOpen()).isFalse();
    }

    @Test
    void aCallIsOpenFromItsCreationUntilItsWrapUpNotOnlyUntilItEnds() {
        String id = UUID.randomUUID().toString();
        assertThat(unfinished.anyOpen()).isFalse();
        store(created(id));
        assertThat(unfinished.anyOpen()).isTrue();
        store(event("ended", id).put("reason", "completed").put("endedBy", "remote"));
        assertThat(unfinished.anyOpen()).as("in wrap-up").isTrue();
        store(event("wrapup", id).put("disposition", "sale"));
        assertThat(unfinished.anyOpen()).isFalse();
    }

    @Test
    void aCallThatCouldNotBeClosedDoesNotStopTheOthers() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        store(created(first));
        store(created(second));
        int before = outbox.list(false).size();

        unfinished.closeAll(UnfinishedCalls.Cut.PAGE_RELOADED, message -> {
            if (first.equals(message.path("callId").asText())) {
                throw new IllegalStateException("disk full");
            }
            store(message);
        });

        assertThat(outbox.list(false).subList(before, outbox.list(false).size()))
                .extracting(OutboxEntry::callId)
                .containsExactly(second, second);
    }

    private static ObjectNode created(String id) {
        return event("created", id)
                .put("direction", "inbound")
                .put("account", "1001")
                .put("profile", "office")
                .put("localUri", "sip:1001@pbx")
                .put("remoteUri", "sip:1002@pbx");
    }

    private static ObjectNode event(String event, String id) {
        return JSON.createObjectNode()
                .put("type", "call-event")
                .put("event", event)
                .put("callId", id)
                .put("at", 1_760_000_000_000L);
    }
}
