package dev.deskphone.server;

/**
 * A call as stored: what {@code created} said, plus what each later event added. Instants are epoch
 * milliseconds; fields of events that have not happened yet are null.
 */
record Call(CallEvent.Create created, Long answeredAt, Ending ending, WrapUp wrapUp, long receivedAt, long updatedAt) {

    /** Media quality measured by the app's engine over the call. */
    record Quality(double jitterMs, double packetLossPct, double rttMs, String codec, Double mos) {}

    /**
     * What the far end's equipment said of itself and of the end: its {@code User-Agent} (or a
     * response's {@code Server}) header, and the {@code Reason} header (RFC 3326) of its BYE or
     * CANCEL; either may be null. Both are the far end's text, stored clipped.
     */
    record FarEnd(String userAgent, String reason) {}

    /** How a transferred call was handed on: {@code blind} or {@code attended}, and to whom (a URI). */
    record Transfer(String kind, String target) {}

    /**
     * What the {@code ended} event said: when, why ({@code reason}, the final SIP status), which side
     * hung up, and the call's quality, far end and transfer, each of which may be null.
     */
    record Ending(
            long endedAt,
            String reason,
            Integer sipStatus,
            String endedBy,
            Quality quality,
            FarEnd farEnd,
            Transfer transfer) {}

    /** What the {@code wrapup} event said: when the agent finished, and the optional disposition and notes. */
    record WrapUp(long endedAt, String disposition, String notes) {}

    static Call created(CallEvent.Create event, long now) {
        return new Call(event, null, null, null, now, now);
    }

    String id() {
        return created.id();
    }

    /** When the call started ringing (or was placed): the {@code created} event's time. */
    long startedAt() {
        return created.startedAt();
    }

    Call answered(long at, long now) {
        return withLater(at, ending, wrapUp, now);
    }

    Call ended(CallEvent.End event, long now) {
        return withLater(answeredAt, event.ending(), wrapUp, now);
    }

    Call wrappedUp(CallEvent.WrapUp event, long now) {
        return withLater(answeredAt, ending, event.wrapUp(), now);
    }

    /** This call with what the later events set replaced, updated at {@code now}; the one place that copies it. */
    private Call withLater(Long answered, Ending end, WrapUp wrap, long now) {
        return new Call(created, answered, end, wrap, receivedAt, now);
    }

    /** When the call ended; null while it has not. */
    Long endedAt() {
        return ending == null ? null : ending.endedAt();
    }

    /** When the agent finished the wrap-up; null until then. */
    Long wrapupEndedAt() {
        return wrapUp == null ? null : wrapUp.endedAt();
    }

    /** From the first ring to the answer, or to the end of a call nobody answered; null while ringing. */
    Long ringMs() {
        if (answeredAt != null) {
            return answeredAt - startedAt();
        }
        return ending != null ? ending.endedAt() - startedAt() : null;
    }

    /** From the answer to the end; null if not answered or not ended yet. */
    Long talkMs() {
        return answeredAt != null && ending != null ? ending.endedAt() - answeredAt : null;
    }

    /** From the end of the call to the end of the agent's wrap-up; null until wrap-up is done. */
    Long wrapupMs() {
        return ending != null && wrapUp != null ? wrapUp.endedAt() - ending.endedAt() : null;
    }

    String state() {
        if (wrapUp != null) {
            return "wrapped_up";
        }
        if (ending != null) {
            return "ended";
        }
        return answeredAt != null ? "answered" : "ringing";
    }
}
