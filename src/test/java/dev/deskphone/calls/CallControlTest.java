package dev.deskphone.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.calls.CallBoard.CallStatus;
import dev.deskphone.calls.CallControl.Refusal;
import dev.deskphone.calls.CallControl.Refused;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallControlTest {
    private final CallBoard board = new CallBoard();

    static CallStatus call(String id, String direction, String state, long createdAt) {
        return CallStatuses.of(
                "callId",
                id,
                "account",
                "pbx/1001",
                "direction",
                direction,
                "remote",
                "sip:1002@pbx.test",
                "state",
                state,
                "held",
                false,
                "remoteHeld",
                false,
                "muted",
                false,
                "createdAt",
                createdAt,
                "sinceEpochMs",
                createdAt);
    }

    @Test
    void withoutACallIdAnswerTakesTheRingingCallAndTheRestTheNewestEstablished() {
        board.update(call("a", "outbound", "established", 1));
        board.update(call("b", "inbound", "ringing", 2));
        board.update(call("c", "inbound", "established", 3));
        board.update(call("d", "outbound", "dialing", 4));

        assertThat(CallControl.pageCommand(board, "answer", null, Map.of()))
                .containsEntry("type", "command")
                .containsEntry("name", "answer")
                .containsEntry("callId", "b");
        assertThat(CallControl.pageCommand(board, "decline", null, Map.of())).containsEntry("callId", "b");
        assertThat(CallControl.pageCommand(board, "hold", null, Map.of())).containsEntry("callId", "c");
        assertThat(CallControl.pageCommand(board, "hangup", "d", Map.of())).containsEntry("callId", "d");
    }

    @Test
    void anUnknownOrEndedCallIdIsRefusedNamingTheCall() {
        board.update(call("gone", "inbound", "ended", 1));

        assertRefused("hangup", "nope", Map.of(), Refusal.NO_CALL, "CALL: no call with id 'nope'");
        assertRefused("hangup", "gone", Map.of(), Refusal.NO_CALL, "CALL: call gone has ended");
        assertRefused("hangup", null, Map.of(), Refusal.NO_CALL, "hangup: no call in progress");
        assertRefused("answer", null, Map.of(), Refusal.NO_CALL, "answer: no incoming call is ringing");
    }

    @Test
    void anActionOnACallInTheWrongStateIsRefused() {
        board.update(call("a", "outbound", "ringback", 1));
        board.update(call("b", "inbound", "established", 2));

        assertRefused("answer", "b", Map.of(), Refusal.WRONG_STATE, "answer: call b is established (inbound)");
        assertRefused("hold", "a", Map.of(), Refusal.WRONG_STATE, "not an established call");
        assertThat(CallControl.pageCommand(board, "hangup", "a", Map.of())).containsEntry("callId", "a");
    }

    @Test
    void dtmfAndTransferCheckTheirArgumentsBeforeTheCall() {
        assertRefused("dtmf", null, Map.of("digits", "12x"), Refusal.BAD_ARGUMENT, "DIGITS: '12x'");
        assertRefused("dtmf", null, Map.of(), Refusal.BAD_ARGUMENT, "DIGITS");
        assertRefused(
                "dtmf",
                null,
                Map.of("digits", "1", "toneMs", "7000"),
                Refusal.BAD_ARGUMENT,
                "toneMs: must be 70 to 6000");
        assertRefused("dtmf", null, Map.of("digits", "1", "gapMs", "x"), Refusal.BAD_ARGUMENT, "gapMs: 'x' must be");
        assertRefused("transfer", null, Map.of(), Refusal.BAD_ARGUMENT, "TARGET");
        assertRefused("fly", null, Map.of(), Refusal.BAD_ARGUMENT, "\"action\" must be one of");

        board.update(call("a", "inbound", "established", 1));
        assertThat(CallControl.pageCommand(board, "dtmf", null, Map.of("digits", "12*#A")))
                .containsEntry("callId", "a")
                .containsEntry("digits", "12*#A")
                .doesNotContainKeys("toneMs", "gapMs");
        assertThat(CallControl.pageCommand(board, "dtmf", null, Map.of("digits", "5", "toneMs", "250", "gapMs", "120")))
                .containsEntry("toneMs", 250)
                .containsEntry("gapMs", 120);
        assertThat(CallControl.pageCommand(board, "consult", null, Map.of("target", "1003")))
                .containsEntry("name", "consult")
                .containsEntry("target", "1003")
                .containsEntry("callId", "a");
    }

    @Test
    void completeTransferAndMergeNeedTwoCalls() {
        assertRefused("merge", null, Map.of(), Refusal.NO_CALL, "merge: needs two calls in progress, there is none");
        board.update(call("a", "inbound", "established", 1));
        assertRefused("complete-transfer", null, Map.of(), Refusal.WRONG_STATE, "there is only one");
        board.update(call("b", "outbound", "established", 2));
        assertThat(CallControl.pageCommand(board, "complete-transfer", null, Map.of()))
                .containsOnlyKeys("type", "name")
                .containsEntry("name", "complete-transfer");
        assertThat(CallControl.pageCommand(board, "merge", null, Map.of())).containsEntry("name", "merge");
    }

    @Test
    void consultCarriesItsAccountCancelTransferNeedsTwoCallsAndTransferToCallNamesBoth() {
        board.update(call("a", "inbound", "established", 1));
        assertThat(CallControl.pageCommand(board, "consult", null, Map.of("target", "1003", "account", "1001")))
                .containsEntry("callId", "a")
                .containsEntry("target", "1003")
                .containsEntry("account", "1001");
        assertRefused("cancel-transfer", null, Map.of(), Refusal.WRONG_STATE, "there is only one");
        assertRefused("transfer-to-call", "a", Map.of(), Refusal.BAD_ARGUMENT, "both CALL and the other call's id");
        assertRefused("transfer-to-call", "a", Map.of("otherCallId", "zz"), Refusal.NO_CALL, "no call with id 'zz'");
        board.update(call("b", "outbound", "dialing", 2));
        assertThat(CallControl.pageCommand(board, "cancel-transfer", null, Map.of()))
                .containsEntry("name", "cancel-transfer")
                .doesNotContainKey("callId");
        assertRefused("transfer-to-call", "a", Map.of("otherCallId", "b"), Refusal.WRONG_STATE, "not an established");
        board.update(call("b", "outbound", "established", 2));
        assertThat(CallControl.pageCommand(board, "transfer-to-call", "a", Map.of("otherCallId", "b")))
                .containsEntry("callId", "a")
                .containsEntry("otherCallId", "b");
    }

    @Test
    void dtmfDigitsAreTheSixteenEventsOfRfc4733() {
        assertThat(Dtmf.valid("0123456789*#ABCDabcd")).isTrue();
        assertThat(Dtmf.valid("")).isFalse();
        assertThat(Dtmf.valid(null)).isFalse();
        assertThat(Dtmf.valid("1 2")).isFalse();
        assertThat(Dtmf.valid("E")).isFalse();
        assertThat(Dtmf.valid("1".repeat(Dtmf.MAX_DIGITS + 1))).isFalse();
    }

    @Test
    void requestFieldsKeepTextArgumentsAndDtmfLengthsGivenAsNumbersOrText() throws Exception {
        JsonNode request = new ObjectMapper()
                .readTree("{\"action\":\"dtmf\",\"digits\":\" 12 \",\"target\":\" \",\"account\":7,"
                        + "\"toneMs\":250,\"gapMs\":\"120\"}");
        assertThat(CallControl.fieldsOf(request))
                .containsExactlyInAnyOrderEntriesOf(Map.of("digits", "12", "toneMs", "250", "gapMs", "120"));
        ObjectNode wrongType = (ObjectNode) new ObjectMapper().readTree("{\"toneMs\":true}");
        board.update(call("a", "inbound", "established", 1));
        assertThatThrownBy(() -> CallControl.pageCommand(
                        board, "dtmf", null, CallControl.fieldsOf(wrongType.put("digits", "1"))))
                .hasMessageContaining("toneMs: 'true' must be a whole number");
    }

    private void assertRefused(String action, String callId, Map<String, String> fields, Refusal kind, String text) {
        assertThatThrownBy(() -> CallControl.pageCommand(board, action, callId, fields))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.kind).isEqualTo(kind))
                .hasMessageContaining(text);
    }
}
