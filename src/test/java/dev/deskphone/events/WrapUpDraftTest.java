package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an open wrap-up form holds survives the app and becomes the call's wrap-up exactly once. */
class WrapUpDraftTest {
    @TempDir
    Path dir;

    private static ObjectNode draft(String callId, long at, String notes) {
        return PageEvents.JSON
                .createObjectNode()
                .put("type", "wrapup-draft")
                .put("callId", callId)
                .put("at", at)
                .put("disposition", "sale")
                .put("notes", notes);
    }

    private static CallEvents events(Outbox outbox) {
        return new CallEvents(outbox, PageEvents.JSON, () -> 42L);
    }

    @Test
    void aDraftLeftByAnEndedRunIsSentAsTheWrapUpOnTheNextStart() {
        Path file = dir.resolve("outbox.db");
        String call = PageEvents.newCallId();
        try (Outbox outbox = Outbox.open(file, 100, true)) {
            CallEvents events = events(outbox);
            events.accept(PageEvents.created(call, PageEvents.T0));
            events.accept(PageEvents.ended(call, PageEvents.T0 + 1000));
            events.saveDraft(draft(call, PageEvents.T0 + 2000, "call"));
            events.saveDraft(draft(call, PageEvents.T0 + 3000, "call back on Monday"));
        } // as after a crash: nothing sent the draft

        try (Outbox outbox = Outbox.open(file, 100, true)) {
            CallEvents events = events(outbox);
            assertThat(events.sendDrafts()).isEqualTo(1);
            assertThat(events.sendDrafts()).isZero();
            assertThat(outbox.list(false)).extracting(OutboxEntry::event).containsExactly("created", "ended", "wrapup");
            OutboxEntry wrapUp = outbox.list(false).get(2);
            assertThat(wrapUp.path()).isEqualTo("/internal/calls/" + call + "/wrapup");
            assertThat(wrapUp.body())
                    .contains(
                            "\"notes\":\"call back on Monday\"",
                            "\"disposition\":\"sale\"",
                            "\"wrapup_ended_at\":\"2025-10-09T08:53:23Z\"");
            assertThat(outbox.drafts()).isEmpty();
        }
    }

    @Test
    void aSubmittedWrapUpRemovesItsDraftAndLaterDraftsOfTheCallAreIgnored() {
        String call = PageEvents.newCallId();
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"), 100, true)) {
            CallEvents events = events(outbox);
            events.saveDraft(draft(call, PageEvents.T0, "typing"));
            events.accept(PageEvents.wrapup(call, PageEvents.T0 + 10));
            assertThat(outbox.drafts()).isEmpty();
            events.saveDraft(draft(call, PageEvents.T0 + 20, "a late edit"));
            assertThat(outbox.drafts()).isEmpty();
            assertThat(events.sendDrafts()).isZero();
            assertThat(outbox.list(false)).extracting(OutboxEntry::event).containsExactly("wrapup");
        }
    }

    @Test
    void aWrapUpSubmittedAfterItsDraftWasSentIsNotSentTwice() {
        String call = PageEvents.newCallId();
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"), 100, true)) {
            CallEvents events = events(outbox);
            events.saveDraft(draft(call, PageEvents.T0, "typing"));
            assertThat(events.sendDrafts()).isEqualTo(1); // the app quits ...
            assertThat(events.accept(PageEvents.wrapup(call, PageEvents.T0 + 10)))
                    .isEmpty(); // ... as Done is pressed
            assertThat(outbox.list(false)).extracting(OutboxEntry::event).containsExactly("wrapup");
        }
    }

    @Test
    void aBadDraftIsRefusedNamingTheField() {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"), 100, true)) {
            ObjectNode tooLong = draft(PageEvents.newCallId(), PageEvents.T0, "x".repeat(4001));
            assertThatThrownBy(() -> events(outbox).saveDraft(tooLong))
                    .isInstanceOf(InvalidCallEventException.class)
                    .hasMessageStartingWith("notes: at most 4000 characters");
            assertThat(outbox.drafts()).isEmpty();
        }
    }

    @Test
    void aDraftOfACallWrappedUpAnotherWayIsDroppedNotSentLater() {
        Path file = dir.resolve("outbox.db");
        String call = PageEvents.newCallId();
        try (Outbox outbox = Outbox.open(file, 100, true)) {
            CallEvents events = events(outbox);
            events.saveDraft(draft(call, PageEvents.T0, "typing"));
            events.accept(PageEvents.wrapup(call, PageEvents.T0 + 10)); // e.g. the app closing a cut-off call
            outbox.saveDraft(new WrapUpDraft(call, PageEvents.T0 + 20, null, "written just before")); // as a race would
            assertThat(events.sendDrafts()).isZero();
            assertThat(outbox.drafts()).isEmpty();
        }
        try (Outbox outbox = Outbox.open(file, 100, true)) {
            assertThat(events(outbox).sendDrafts()).isZero();
            assertThat(outbox.list(false)).extracting(OutboxEntry::event).containsExactly("wrapup");
        }
    }
}
