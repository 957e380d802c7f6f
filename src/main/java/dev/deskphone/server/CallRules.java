package dev.deskphone.server;

import java.util.Objects;

/**
 * The state rules of a call, as pure functions: given the stored call and an event, either the
 * event repeats what is already stored (a replay: nothing changes), or it yields the updated call,
 * or it breaks a rule ({@link CallConflictException}). Order: created → answered? → ended → wrapup,
 * each timestamp no earlier than the previous event's.
 */
final class CallRules {
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
        Call asSent = Call.created(event, call.receivedAt());
        boolean same = Objects.equals(call.direction(), asSent.direction())
                && Objects.equals(call.account(), asSent.account())
                && Objects.equals(call.profile(), asSent.profile())
                && Objects.equals(call.localUri(), asSent.localUri())
                && Objects.equals(call.remoteUri(), asSent.remoteUri())
                && Objects.equals(call.remoteDisplayName(), asSent.remoteDisplayName())
                && call.startedAt() == asSent.startedAt();
        if (!same) {
            throw new CallConflictException("Call " + call.id() + " already exists with different content.");
        }
        return call;
    }

    private static Call answer(Call call, CallEvent.Answer event, long now) {
        if (call.answeredAt() != null) {
            if (call.answeredAt() == event.answeredAt()) {
                return call;
            }
            throw new CallConflictException(
                    "Call " + call.id() + " was already answered at " + Timestamps.format(call.answeredAt()) + ".");
        }
        if (call.endedAt() != null) {
            throw new CallConflictException("Call " + call.id() + " has already ended; it cannot be answered.");
        }
        notBefore(event.answeredAt(), "answered_at", call.startedAt(), "started_at");
        return call.answered(event.answeredAt(), now);
    }

    private static Call end(Call call, CallEvent.End event, long now) {
        if (call.endedAt() != null) {
            boolean same = call.endedAt() == event.endedAt()
                    && Objects.equals(call.endReason(), event.reason())
                    && Objects.equals(call.sipStatus(), event.sipStatus())
                    && Objects.equals(call.endedBy(), event.endedBy())
                    && Objects.equals(call.quality(), event.quality())
                    && Objects.equals(call.transfer(), event.transfer());
            if (same) {
                return call;
            }
            throw new CallConflictException("Call " + call.id() + " has already ended at "
                    + Timestamps.format(call.endedAt()) + " with different details.");
        }
        if (call.answeredAt() != null) {
            notBefore(event.endedAt(), "ended_at", call.answeredAt(), "answered_at");
        } else {
            notBefore(event.endedAt(), "ended_at", call.startedAt(), "started_at");
        }
        return call.ended(event, now);
    }

    private static Call wrapUp(Call call, CallEvent.WrapUp event, long now) {
        if (call.wrapupEndedAt() != null) {
            boolean same = call.wrapupEndedAt() == event.wrapupEndedAt()
                    && Objects.equals(call.disposition(), event.disposition())
                    && Objects.equals(call.notes(), event.notes());
            if (same) {
                return call;
            }
            throw new CallConflictException("Call " + call.id() + " was already wrapped up at "
                    + Timestamps.format(call.wrapupEndedAt()) + " with different details.");
        }
        if (call.endedAt() == null) {
            throw new CallConflictException("Call " + call.id() + " has not ended yet; wrap-up comes after the end.");
        }
        notBefore(event.wrapupEndedAt(), "wrapup_ended_at", call.endedAt(), "ended_at");
        return call.wrappedUp(event, now);
    }

    private static void notBefore(long value, String field, long previous, String previousField) {
        if (value < previous) {
            throw new CallConflictException("The " + field + " " + Timestamps.format(value) + " is before the call's "
                    + previousField + " " + Timestamps.format(previous) + ".");
        }
    }
}
