package dev.deskphone.server;

/**
 * A call as stored: what {@code created} said, plus what each later event added. Instants are epoch
 * milliseconds; fields of events that have not happened yet are null.
 */
record Call(
        String id,
        String direction,
        String account,
        String profile,
        String localUri,
        String remoteUri,
        String remoteDisplayName,
        long startedAt,
        Long answeredAt,
        Long endedAt,
        String endReason,
        Integer sipStatus,
        String endedBy,
        Quality quality,
        FarEnd farEnd,
        Long wrapupEndedAt,
        String disposition,
        String notes,
        long receivedAt,
        long updatedAt) {

    /** Media quality measured by the app's engine over the call. */
    record Quality(double jitterMs, double packetLossPct, double rttMs, String codec, Double mos) {}

    /**
     * What the far end's equipment said of itself and of the end: its {@code User-Agent} (or a
     * response's {@code Server}) header, and the {@code Reason} header (RFC 3326) of its BYE or
     * CANCEL; either may be null. Both are the far end's text, stored clipped.
     */
    record FarEnd(String userAgent, String reason) {}

    static Call created(CallEvent.Create event, long now) {
        return new Call(
                event.id(),
                event.direction(),
                event.account(),
                event.profile(),
                event.localUri(),
                event.remoteUri(),
                event.remoteDisplayName(),
                event.startedAt(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                now,
                now);
    }

    Call answered(long at, long now) {
        return new Call(
                id,
                direction,
                account,
                profile,
                localUri,
                remoteUri,
                remoteDisplayName,
                startedAt,
                at,
                endedAt,
                endReason,
                sipStatus,
                endedBy,
                quality,
                farEnd,
                wrapupEndedAt,
                disposition,
                notes,
                receivedAt,
                now);
    }

    Call ended(CallEvent.End event, long now) {
        return new Call(
                id,
                direction,
                account,
                profile,
                localUri,
                remoteUri,
                remoteDisplayName,
                startedAt,
                answeredAt,
                event.endedAt(),
                event.reason(),
                event.sipStatus(),
                event.endedBy(),
                event.quality(),
                event.farEnd(),
                wrapupEndedAt,
                disposition,
                notes,
                receivedAt,
                now);
    }

    Call wrappedUp(CallEvent.WrapUp event, long now) {
        return new Call(
                id,
                direction,
                account,
                profile,
                localUri,
                remoteUri,
                remoteDisplayName,
                startedAt,
                answeredAt,
                endedAt,
                endReason,
                sipStatus,
                endedBy,
                quality,
                farEnd,
                event.wrapupEndedAt(),
                event.disposition(),
                event.notes(),
                receivedAt,
                now);
    }

    /** From the first ring to the answer, or to the end of a call nobody answered; null while ringing. */
    Long ringMs() {
        if (answeredAt != null) {
            return answeredAt - startedAt;
        }
        return endedAt != null ? endedAt - startedAt : null;
    }

    /** From the answer to the end; null if not answered or not ended yet. */
    Long talkMs() {
        return answeredAt != null && endedAt != null ? endedAt - answeredAt : null;
    }

    /** From the end of the call to the end of the agent's wrap-up; null until wrap-up is done. */
    Long wrapupMs() {
        return endedAt != null && wrapupEndedAt != null ? wrapupEndedAt - endedAt : null;
    }

    String state() {
        if (wrapupEndedAt != null) {
            return "wrapped_up";
        }
        if (endedAt != null) {
            return "ended";
        }
        return answeredAt != null ? "answered" : "ringing";
    }
}
