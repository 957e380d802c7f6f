package dev.deskphone.server;

import static dev.deskphone.contract.CallEventLimits.CODEC;
import static dev.deskphone.contract.CallEventLimits.DISPLAY_NAME;
import static dev.deskphone.contract.CallEventLimits.NAME;
import static dev.deskphone.contract.CallEventLimits.NOTES;
import static dev.deskphone.contract.CallEventLimits.REASON_HEADER;
import static dev.deskphone.contract.CallEventLimits.URI;
import static dev.deskphone.contract.CallEventLimits.USER_AGENT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.contract.CallEventValues;

/**
 * Turns request bodies into validated {@link CallEvent}s, or a 422 listing every bad field.
 *
 * <p>What the far end chose (the caller's display name and URIs, the codec its SDP offered, its
 * User-Agent and the Reason header of its BYE or CANCEL) is
 * cleaned and clipped to the contract's limits, never refused: a refusal would keep the call out of
 * the records because of what a caller sent. The agent's own fields are still checked strictly.
 */
final class ApiEventParser {

    CallEvent.Create create(JsonNode body) {
        JsonFields fields = new JsonFields(body);
        CallEvent.Create event = new CallEvent.Create(
                fields.requiredUuid("id"),
                fields.requiredOneOf("direction", CallEventValues.DIRECTIONS),
                fields.requiredString("account", NAME),
                fields.requiredString("profile", NAME),
                fields.requiredFarEndUri("local_uri", URI), // an inbound call's To header
                fields.requiredFarEndUri("remote_uri", URI),
                fields.optionalFarEndText("remote_display_name", DISPLAY_NAME),
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
        String reason = fields.requiredOneOf("reason", CallEventValues.END_REASONS);
        Integer sipStatus =
                fields.optionalInteger("sip_status", CallEventValues.SIP_STATUS_MIN, CallEventValues.SIP_STATUS_MAX);
        String endedBy = fields.requiredOneOf("ended_by", CallEventValues.ENDED_BY);
        Call.Quality quality = quality(fields.optionalObject("quality"));
        String userAgent = fields.optionalFarEndText("remote_user_agent", USER_AGENT);
        String reasonHeader = fields.optionalFarEndText("remote_reason", REASON_HEADER);
        Call.Transfer transfer = transfer(fields.optionalObject("transfer"));
        fields.check();
        Call.FarEnd farEnd =
                userAgent == null && reasonHeader == null ? null : new Call.FarEnd(userAgent, reasonHeader);
        return new CallEvent.End(callId, endedAt, reason, sipStatus, endedBy, quality, farEnd, transfer);
    }

    /** A transferred call's transfer: its kind and the target's URI (a far end's, clipped like remote_uri). */
    private static Call.Transfer transfer(JsonFields fields) {
        if (fields == null) {
            return null;
        }
        return new Call.Transfer(
                fields.requiredOneOf("kind", CallEventValues.TRANSFER_KINDS), fields.requiredFarEndUri("target", URI));
    }

    private static Call.Quality quality(JsonFields fields) {
        if (fields == null) {
            return null;
        }
        return new Call.Quality(
                fields.requiredNumber("jitter_ms", 0, CallEventValues.MAX_MS),
                fields.requiredNumber("packet_loss_pct", 0, CallEventValues.MAX_PERCENT),
                fields.requiredNumber("rtt_ms", 0, CallEventValues.MAX_MS),
                fields.requiredFarEndText("codec", CODEC),
                fields.optionalNumber("mos", CallEventValues.MOS_MIN, CallEventValues.MOS_MAX));
    }

    CallEvent.WrapUp wrapUp(String callId, JsonNode body) {
        JsonFields fields = new JsonFields(body);
        CallEvent.WrapUp event = new CallEvent.WrapUp(
                callId,
                fields.requiredInstant("wrapup_ended_at"),
                fields.optionalString("disposition", NAME),
                fields.optionalString("notes", NOTES));
        fields.check();
        return event;
    }
}
