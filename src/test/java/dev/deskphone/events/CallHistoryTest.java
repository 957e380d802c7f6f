package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recent calls kept beside the outbox: built from the stored events, bounded, readable by another process. */
class CallHistoryTest {
    @TempDir
    Path tmp;

    private final PageEventParser parser = new PageEventParser();

    private void append(Outbox outbox, JsonNode message) {
        PageCallEvent event = parser.parse(message);
        outbox.append(event, BackendRequest.of(event, PageEvents.JSON), 42);
    }

    private static ObjectNode refused(String callId, long at, String why, int status) {
        return PageEvents.JSON
                .createObjectNode()
                .put("type", "call-event")
                .put("event", "ended")
                .put("callId", callId)
                .put("at", at)
                .put("reason", "missed")
                .put("endedBy", "local")
                .put("sipStatus", status)
                .put("unavailable", why);
    }

    @Test
    void anAnsweredCallKeepsItsPartyTalkTimeAndDispositionAfterDeliveryDeletedItsEvents() {
        Path file = tmp.resolve("outbox.db");
        String call = PageEvents.newCallId();
        try (Outbox outbox = Outbox.open(file, 100, true)) {
            for (ObjectNode message : PageEvents.call(call, PageEvents.T0)) {
                append(outbox, message);
            }
            List<Outbox.Outcome> delivered = outbox.list(false).stream()
                    .map(e -> (Outbox.Outcome) new Outbox.Delivered(e.seq()))
                    .toList();
            outbox.record(delivered, 1);
            assertThat(outbox.list(false)).isEmpty();
        }
        // Another start: the history is still there.
        try (Outbox outbox = Outbox.open(file, 100, true)) {
            List<CallHistory.Entry> history = outbox.history(10, false);
            assertThat(history).hasSize(1);
            CallHistory.Entry entry = history.get(0);
            assertThat(entry.callId()).isEqualTo(call);
            assertThat(entry.direction()).isEqualTo("inbound");
            assertThat(entry.remoteName()).isEqualTo("Bob");
            assertThat(entry.remoteUri()).isEqualTo("sip:1002@pbx.test");
            assertThat(entry.account()).isEqualTo("1001");
            assertThat(entry.profile()).isEqualTo("office");
            assertThat(entry.startedAt()).isEqualTo(PageEvents.T0);
            assertThat(entry.talkMillis()).isEqualTo(1000);
            assertThat(entry.reason()).isEqualTo("completed");
            assertThat(entry.disposition()).isEqualTo("sale");
            assertThat(entry.missed()).isFalse();
        }
    }

    @Test
    void aCallRefusedInDoNotDisturbIsMissedWithWhyAndTheCodeAndCountsUntilSeen() {
        try (Outbox outbox = Outbox.open(tmp.resolve("outbox.db"), 100, true)) {
            String call = PageEvents.newCallId();
            append(outbox, PageEvents.created(call, PageEvents.T0));
            append(outbox, refused(call, PageEvents.T0 + 10, "dnd", 486));
            String answered = PageEvents.newCallId();
            for (ObjectNode message : PageEvents.call(answered, PageEvents.T0 + 60_000)) {
                append(outbox, message);
            }

            CallHistory.Entry missed = outbox.history(10, true).get(0);
            assertThat(outbox.history(10, true)).hasSize(1);
            assertThat(missed.callId()).isEqualTo(call);
            assertThat(missed.missed()).isTrue();
            assertThat(missed.reason()).isEqualTo("missed");
            assertThat(missed.sipStatus()).isEqualTo(486);
            assertThat(missed.unavailable()).isEqualTo("dnd");
            assertThat(missed.talkMillis()).isZero();
            assertThat(outbox.history(10, false))
                    .extracting(CallHistory.Entry::callId)
                    .containsExactly(answered, call);

            assertThat(outbox.unseenMissed()).isEqualTo(1);
            outbox.markHistorySeen();
            assertThat(outbox.unseenMissed()).isZero();
        }
    }

    @Test
    void keepsOnlyTheNewestCalls() {
        try (Outbox outbox = Outbox.open(tmp.resolve("outbox.db"), 10_000, false)) {
            String first = null;
            for (int i = 0; i < CallHistory.KEEP + 3; i++) {
                String call = PageEvents.newCallId();
                first = first == null ? call : first;
                append(outbox, PageEvents.created(call, PageEvents.T0 + i * 1000L));
            }
            List<CallHistory.Entry> all = outbox.history(CallHistory.KEEP + 100, false);
            assertThat(all).hasSize(CallHistory.KEEP);
            assertThat(all).extracting(CallHistory.Entry::callId).doesNotContain(first);
            assertThat(all.get(0).startedAt()).isEqualTo(PageEvents.T0 + (CallHistory.KEEP + 2) * 1000L);
        }
    }

    @Test
    void anotherProcessReadsItReadOnlyWhileTheAppHoldsTheFile() {
        Path file = tmp.resolve("outbox.db");
        assertThat(CallHistory.read(file, 10, false)).isEmpty();
        try (Outbox outbox = Outbox.open(file, 100, true)) {
            String call = PageEvents.newCallId();
            append(outbox, PageEvents.created(call, PageEvents.T0));
            assertThat(CallHistory.read(file, 10, false))
                    .extracting(CallHistory.Entry::callId)
                    .containsExactly(call);
            // The app goes on writing after the read.
            append(outbox, PageEvents.answered(call, PageEvents.T0 + 5));
            assertThat(outbox.history(1, false).get(0).answeredAt()).isEqualTo(PageEvents.T0 + 5);
        }
    }

    @Test
    void onlyAMissedCallMayBeRefusedForUnavailability() {
        String call = PageEvents.newCallId();
        ObjectNode completed = refused(call, PageEvents.T0, "dnd", 486).put("reason", "completed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(completed))
                .isInstanceOf(InvalidCallEventException.class)
                .hasMessageStartingWith("unavailable:");
        ObjectNode unknown = refused(call, PageEvents.T0, "lunch", 486);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(unknown))
                .isInstanceOf(InvalidCallEventException.class)
                .hasMessageStartingWith("unavailable: must be one of after-call-work, dnd");
        // The backend gets the refusal as a plain missed call with the code answered.
        PageCallEvent event = parser.parse(refused(call, PageEvents.T0, "after-call-work", 480));
        assertThat(BackendRequest.of(event, PageEvents.JSON).body())
                .contains("\"reason\":\"missed\"", "\"sip_status\":480")
                .doesNotContain("unavailable", "after-call-work");
    }
}
