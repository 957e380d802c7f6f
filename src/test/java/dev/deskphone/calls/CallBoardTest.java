package dev.deskphone.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether the page has a call in progress: what keeps the page from being reloaded under it. */
class CallBoardTest {
    private final CallBoard board = new CallBoard();

    @Test
    void aCallIsInProgressFromItsFirstStateUntilItEnds() {
        assertThat(board.anyActive()).isFalse();
        board.update(status("c1", "ringing"));
        assertThat(board.anyActive()).isTrue();
        board.update(status("c2", "established"));
        board.update(status("c1", "ended"));
        assertThat(board.anyActive()).as("c2 still talks").isTrue();
        board.update(status("c2", "ended"));
        assertThat(board.anyActive()).isFalse();
    }

    @Test
    void aReloadedPageHasNoCallInProgress() {
        board.update(status("c1", "established"));
        board.clearActive();
        assertThat(board.anyActive()).isFalse();
    }

    private static CallBoard.CallStatus status(String callId, String state) {
        return CallStatuses.of(
                "callId",
                callId,
                "account",
                "pbx/1001",
                "direction",
                "inbound",
                "remote",
                "sip:2001@pbx",
                "state",
                state,
                "sinceEpochMs",
                1L);
    }
}
