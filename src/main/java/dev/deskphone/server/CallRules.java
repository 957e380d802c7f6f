package dev.deskphone.server;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The state rules of a call, as pure functions: given the stored call and an event, either the
 * event repeats what is already stored (a replay: nothing changes), or it yields the updated call,
 * or it breaks a rule ({@link CallConflictException}). Order: created → answered? → ended → wrapup,
 * each timestamp no earlier than the previous event's.
 *
 * <p>All of a call's times come from one desktop's clock, which can be stepped back between two
 * events (NTP or timesyncd correcting a fast clock after a resume, the app restarted after such a
 * step and sending what a crash left open). A time up to {@link #CLOCK_STEP_TOLERANCE_MS} before
 * the previous event's is taken as that event's time (so no duration is ever negative) rather than
 * refused: a clock kept by NTP even occasionally is off by seconds (a 20 ppm crystal gains under 2 s
 * a day), so five minutes covers months without a sync, while events that contradict each other for
 * real (an end an hour before the answer, a forged or corrupted time) are still refused.
 */
final class CallRules {
    /** How far an event's time may be before the previous event's and still be taken as a clock step. */
    static final long CLOCK_STEP_TOLERANCE_MS = 5 * 60_000;

    private CallRules() {}

    /** The stored call after {@code event}; the same instance when the event is a replay. */
    static Call apply(Call call, CallEvent event, long now) {
        if (event instanceof CallEvent.Create create) {
            return create(call, create);
        }
        if (event instanceof CallEvent.Answer answer) {
            return answer(call, answer, now);
        }
        if (event instanceof CallEvent.End end) {
            return end(call, end, now);
        }
        return wrapUp(call, (CallEvent.WrapUp) event, now);
    }

    private static Call create(Call call, CallEvent.Create event) {
        return replay(call, call.created(), event, () -> "already exists with different content.");
    }

    private static Call answer(Call call, CallEvent.Answer event, long now) {
        long answeredAt = notBefore(event.answeredAt(), "answered_at", call.startedAt(), "started_at");
        if (call.answeredAt() != null) {
            return replay(
                    call,
                    call.answeredAt(),
                    answeredAt,
                    () -> "was already answered at " + Timestamps.format(call.answeredAt()) + ".");
        }
        if (call.endedAt() != null) {
            throw new CallConflictException("Call " + call.id() + " has already ended; it cannot be answered.");
        }
        return call.answered(answeredAt, now);
    }

    private static Call end(Call call, CallEvent.End sent, long now) {
        long endedAt = call.answeredAt() != null
                ? notBefore(sent.endedAt(), "ended_at", call.answeredAt(), "answered_at")
                : notBefore(sent.endedAt(), "ended_at", call.startedAt(), "started_at");
        CallEvent.End event = new CallEvent.End(
                sent.callId(),
                endedAt,
                sent.reason(),
                sent.sipStatus(),
                sent.endedBy(),
                sent.quality(),
                sent.farEnd(),
                sent.transfer());
        if (call.ending() != null) {
            return replay(
                    call,
                    call.ending(),
                    event.ending(),
                    () -> "has already ended at " + Timestamps.format(call.endedAt()) + " with different details.");
        }
        return call.ended(event, now);
    }

    private static Call wrapUp(Call call, CallEvent.WrapUp sent, long now) {
        if (call.endedAt() == null) {
            throw new CallConflictException("Call " + call.id() + " has not ended yet; wrap-up comes after the end.");
        }
        CallEvent.WrapUp event = new CallEvent.WrapUp(
                sent.callId(),
                notBefore(sent.wrapupEndedAt(), "wrapup_ended_at", call.endedAt(), "ended_at"),
                sent.disposition(),
                sent.notes());
        if (call.wrapUp() != null) {
            return replay(
                    call,
                    call.wrapUp(),
                    event.wrapUp(),
                    () -> "was already wrapped up at " + Timestamps.format(call.wrapupEndedAt())
                            + " with different details.");
        }
        return call.wrappedUp(event, now);
    }

    /**
     * What every event meets once its part of the call is stored: the same again is a replay (the
     * call as it is, nothing changes), anything else a conflict ({@code conflict} says how, after
     * the call's id).
     */
    private static Call replay(Call call, Object stored, Object sent, Supplier<String> conflict) {
        if (Objects.equals(stored, sent)) {
            return call;
        }
        throw new CallConflictException("Call " + call.id() + " " + conflict.get());
    }

    /**
     * The time to store for {@code value}: itself, or {@code previous} when it is at most
     * {@link #CLOCK_STEP_TOLERANCE_MS} before it (a clock step); further before is a conflict.
     */
    private static long notBefore(long value, String field, long previous, String previousField) {
        if (value >= previous) {
            return value;
        }
        if (previous - value <= CLOCK_STEP_TOLERANCE_MS) {
            return previous;
        }
        throw new CallConflictException("The " + field + " " + Timestamps.format(value) + " is before the call's "
                + previousField + " " + Timestamps.format(previous) + " by more than a clock step ("
                + CLOCK_STEP_TOLERANCE_MS / 1000 + " s).");
    }
}
