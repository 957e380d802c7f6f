package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallRulesTest {
    private static final long T0 = 1_000_000;
    private static final long NOW = 9_000_000;
    private static final Call.Quality QUALITY = new Call.Quality(3, 0.5, 40, "opus", null);

    private final CallEvent.Create create =
            new CallEvent.Create("id-1", "outbound", "1001", "main", "sip:1001@pbx", "sip:2002@pbx", null, T0);
    private final Call ringing = Call.created(create, T0 + 5);

    @Test
    void aRepeatedCreateIsAReplayButDifferentContentConflicts() {
        assertThat(CallRules.apply(ringing, create, NOW)).isSameAs(ringing);
        CallEvent.Create other =
                new CallEvent.Create("id-1", "outbound", "1001", "main", "sip:1001@pbx", "sip:2002@pbx", "Bob", T0);
        assertThatThrownBy(() -> CallRules.apply(ringing, other, NOW)).isInstanceOf(CallConflictException.class);
    }

    @Test
    void eventsMoveTheCallForwardAndStampTheUpdate() {
        Call answered = CallRules.apply(ringing, new CallEvent.Answer("id-1", T0 + 100), NOW);
        Call ended = CallRules.apply(
                answered, new CallEvent.End("id-1", T0 + 500, "completed", 200, "local", QUALITY), NOW + 1);
        Call wrapped = CallRules.apply(ended, new CallEvent.WrapUp("id-1", T0 + 900, "sale", null), NOW + 2);

        assertThat(wrapped.state()).isEqualTo("wrapped_up");
        assertThat(wrapped.ringMs()).isEqualTo(100);
        assertThat(wrapped.talkMs()).isEqualTo(400);
        assertThat(wrapped.wrapupMs()).isEqualTo(400);
        assertThat(wrapped.updatedAt()).isEqualTo(NOW + 2);
        assertThat(wrapped.receivedAt()).isEqualTo(T0 + 5);
    }

    @Test
    void eachEventRepeatedExactlyIsAReplay() {
        CallEvent.End end = new CallEvent.End("id-1", T0 + 500, "completed", 200, "local", QUALITY);
        Call ended = CallRules.apply(ringing, end, NOW);
        assertThat(CallRules.apply(
                        ended,
                        new CallEvent.End(
                                "id-1",
                                T0 + 500,
                                "completed",
                                200,
                                "local",
                                new Call.Quality(3, 0.5, 40, "opus", null)),
                        NOW + 1))
                .isSameAs(ended);
        CallEvent.WrapUp wrapUp = new CallEvent.WrapUp("id-1", T0 + 600, null, "n");
        Call wrapped = CallRules.apply(ended, wrapUp, NOW);
        assertThat(CallRules.apply(wrapped, wrapUp, NOW + 1)).isSameAs(wrapped);
    }

    @Test
    void anEndWithOtherQualityIsAConflict() {
        Call ended =
                CallRules.apply(ringing, new CallEvent.End("id-1", T0 + 500, "completed", 200, "local", QUALITY), NOW);
        CallEvent.End other = new CallEvent.End("id-1", T0 + 500, "completed", 200, "local", null);
        assertThatThrownBy(() -> CallRules.apply(ended, other, NOW)).hasMessageContaining("already ended");
    }

    @Test
    void aTransferIsStoredWithTheEndAndAnEndWithAnotherTransferIsAConflict() {
        Call.Transfer attended = new Call.Transfer("attended", "sip:1003@pbx");
        CallEvent.End end = new CallEvent.End("id-1", T0 + 500, "completed", 200, "local", QUALITY, null, attended);
        Call ended = CallRules.apply(ringing, end, NOW);
        assertThat(ended.ending().transfer()).isEqualTo(attended);
        assertThat(CallRules.apply(ended, end, NOW + 1)).as("a replay").isSameAs(ended);
        CallEvent.End blind = new CallEvent.End(
                "id-1", T0 + 500, "completed", 200, "local", QUALITY, null, new Call.Transfer("blind", "sip:1003@pbx"));
        assertThatThrownBy(() -> CallRules.apply(ended, blind, NOW)).hasMessageContaining("already ended");
        CallEvent.End none = new CallEvent.End("id-1", T0 + 500, "completed", 200, "local", QUALITY);
        assertThatThrownBy(() -> CallRules.apply(ended, none, NOW)).hasMessageContaining("already ended");
        Call wrapped = CallRules.apply(ended, new CallEvent.WrapUp("id-1", T0 + 600, null, null), NOW + 2);
        assertThat(wrapped.ending().transfer()).as("kept through wrap-up").isEqualTo(attended);
    }

    @Test
    void anUnansweredCallEndsNoEarlierThanItStarted() {
        assertThatThrownBy(() -> CallRules.apply(
                        ringing,
                        new CallEvent.End(
                                "id-1", T0 - CallRules.CLOCK_STEP_TOLERANCE_MS - 1, "missed", null, "remote", null),
                        NOW))
                .isInstanceOf(CallConflictException.class)
                .hasMessageContaining("before the call's started_at");
        Call missed = CallRules.apply(ringing, new CallEvent.End("id-1", T0, "missed", null, "remote", null), NOW);
        assertThat(missed.ringMs()).isZero();
        assertThat(missed.talkMs()).isNull();
    }

    @Test
    void aClockSteppedBackALittleIsTakenAsNoTimePassingAndRepeatsStayReplays() {
        long step = CallRules.CLOCK_STEP_TOLERANCE_MS;
        Call answered = CallRules.apply(ringing, new CallEvent.Answer("id-1", T0 - 3_000), NOW);
        assertThat(answered.answeredAt()).isEqualTo(T0);
        assertThat(CallRules.apply(answered, new CallEvent.Answer("id-1", T0 - 3_000), NOW + 1))
                .isSameAs(answered);

        CallEvent.End end = new CallEvent.End("id-1", T0 - step, "completed", 200, "local", QUALITY);
        Call ended = CallRules.apply(answered, end, NOW + 2);
        assertThat(ended.endedAt()).isEqualTo(T0);
        assertThat(ended.talkMs()).isZero();
        assertThat(CallRules.apply(ended, end, NOW + 3)).isSameAs(ended);

        CallEvent.WrapUp wrapUp = new CallEvent.WrapUp("id-1", T0 - 1, "sale", null);
        Call wrapped = CallRules.apply(ended, wrapUp, NOW + 4);
        assertThat(wrapped.wrapupEndedAt()).isEqualTo(T0);
        assertThat(CallRules.apply(wrapped, wrapUp, NOW + 5)).isSameAs(wrapped);
    }

    @Test
    void aTimeFurtherBackThanAClockStepIsStillAConflict() {
        Call answered = CallRules.apply(ringing, new CallEvent.Answer("id-1", T0 + 1_000_000), NOW);
        assertThatThrownBy(() -> CallRules.apply(
                        answered,
                        new CallEvent.End(
                                "id-1",
                                T0 + 1_000_000 - CallRules.CLOCK_STEP_TOLERANCE_MS - 1,
                                "completed",
                                200,
                                "local",
                                null),
                        NOW))
                .isInstanceOf(CallConflictException.class)
                .hasMessageContaining("before the call's answered_at");
        assertThatThrownBy(() -> CallRules.apply(
                        ringing, new CallEvent.Answer("id-1", T0 - CallRules.CLOCK_STEP_TOLERANCE_MS - 1), NOW))
                .isInstanceOf(CallConflictException.class)
                .hasMessageContaining("before the call's started_at");
    }
}
