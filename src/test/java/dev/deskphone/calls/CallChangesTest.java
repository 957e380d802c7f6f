package dev.deskphone.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.calls.CallBoard.CallStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallChangesTest {
    private final CallBoard board = new CallBoard();
    private final List<CallChange> seen = new ArrayList<>();

    private void report(CallStatus status) {
        seen.addAll(CallChanges.between(board.update(status), status));
    }

    private static CallStatus status(
            String state, boolean held, boolean muted, String reason, String endedBy, String transferredTo) {
        return CallStatuses.of(
                "callId",
                "c1",
                "account",
                "pbx/1001",
                "direction",
                "inbound",
                "remote",
                "sip:1002@pbx.test",
                "state",
                state,
                "held",
                held,
                "remoteHeld",
                false,
                "muted",
                muted,
                "reason",
                reason,
                "endedBy",
                endedBy,
                "transferredTo",
                transferredTo,
                "createdAt",
                1L,
                "sinceEpochMs",
                10L);
    }

    @Test
    void anInboundCallRingsIsAnsweredHeldResumedAndTransferred() {
        report(status("ringing", false, false, null, null, null));
        report(status("ringing", false, false, null, null, null)); // a repeat: nothing new
        report(status("established", false, false, null, null, null));
        report(status("established", true, false, null, null, null));
        report(status("established", false, true, null, null, null));
        report(status("ended", false, true, "completed", "local", "sip:1003@pbx.test"));

        assertThat(seen)
                .extracting(CallChange::event)
                .containsExactly("ringing", "answered", "held", "resumed", "muted", "transferred", "ended");
        CallChange ended = seen.get(seen.size() - 1);
        assertThat(ended.reason()).isEqualTo("completed");
        assertThat(ended.endedBy()).isEqualTo("local");
        assertThat(ended.transferredTo()).isEqualTo("sip:1003@pbx.test");
        assertThat(ended.callId()).isEqualTo("c1");
        assertThat(seen.get(0).reason()).isNull();
    }

    @Test
    void aCallThatEndsWhileRingingSaysWhy() {
        report(status("ringing", false, false, null, null, null));
        report(status("ended", false, false, "missed", "remote", null));

        assertThat(seen).extracting(CallChange::event).containsExactly("ringing", "ended");
        assertThat(seen.get(1).reason()).isEqualTo("missed");
    }
}
