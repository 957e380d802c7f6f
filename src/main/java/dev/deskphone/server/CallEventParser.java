package dev.deskphone.server;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns request bodies into validated {@link CallEvent}s, or a 422 listing every bad field. */
final class CallEventParser {
    static final int NAME_MAX = 64;
    static final int URI_MAX = 512;
    static final int DISPLAY_NAME_MAX = 256;
    static final int NOTES_MAX = 4000;

    CallEvent.Create create(JsonNode body) {
        JsonFields fields = new JsonFields(body);
        CallEvent.Create event = new CallEvent.Create(
                fields.requiredUuid("id"),
                fields.requiredOneOf("direction", CallEvent.DIRECTIONS),
                fields.requiredString("account", NAME_MAX),
                fields.requiredString("profile", NAME_MAX),
                fields.requiredUri("local_uri", URI_MAX),
                fields.requiredUri("remote_uri", URI_MAX),
                fields.optionalString("remote_display_name", DISPLAY_NAME_MAX),
                fields.requiredInstant("started_at"));
        fields.check();
        return event;
    }

    CallEvent.Answer answer(String callId, JsonNode body) {
        JsonFields fields = new JsonFields(body);
        CallEvent.Answer event = new CallEvent.Answer(callId, fields.requiredInstant("answered_at"));
        fields.check();
        return event;
    }

    CallEvent.End end(String callId, JsonNode body) {
        JsonFields fields = new JsonFields(body);
        long endedAt = fields.requiredInstant("ended_at");
        String reason = fields.requiredOneOf("reason", CallEvent.END_REASONS);
        Integer sipStatus = fields.optionalInteger("sip_status", 100, 699);
        String endedBy = fields.requiredOneOf("ended_by", CallEvent.ENDED_BY);
        Call.Quality quality = quality(fields.optionalObject("quality"));
        fields.check();
        return new CallEvent.End(callId, endedAt, reason, sipStatus, endedBy, quality);
    }

    private static Call.Quality quality(JsonFields fields) {
        if (fields == null) {
            return null;
        }
        return new Call.Quality(
                fields.requiredNumber("jitter_ms", 0, 1_000_000),
                fields.requiredNumber("packet_loss_pct", 0, 100),
                fields.requiredNumber("rtt_ms", 0, 1_000_000),
                fields.requiredString("codec", 32),
                fields.optionalNumber("mos", 1, 5));
    }

    CallEvent.WrapUp wrapUp(String callId, JsonNode body) {
        JsonFields fields = new JsonFields(body);
        CallEvent.WrapUp event = new CallEvent.WrapUp(callId,
                fields.requiredInstant("wrapup_ended_at"),
                fields.optionalString("disposition", NAME_MAX),
                fields.optionalString("notes", NOTES_MAX));
        fields.check();
        return event;
    }
}
