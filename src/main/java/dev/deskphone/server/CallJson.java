package dev.deskphone.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON view of a call: snake_case, RFC 3339 UTC instants, computed durations in ms. */
final class CallJson {
    /** Stands in for the end of a call that has not ended: every detail null. */
    private static final Call.Ending NOT_ENDED = new Call.Ending(0, null, null, null, null, null, null);

    private CallJson() {}

    static Map<String, Object> of(Call call) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", call.id());
        json.put("direction", call.created().direction());
        json.put("account", call.created().account());
        json.put("profile", call.created().profile());
        json.put("local_uri", call.created().localUri());
        json.put("remote_uri", call.created().remoteUri());
        json.put("remote_display_name", call.created().remoteDisplayName());
        json.put("state", call.state());
        json.put("started_at", Timestamps.format(call.startedAt()));
        json.put("answered_at", Timestamps.formatOrNull(call.answeredAt()));
        json.put("ended_at", Timestamps.formatOrNull(call.endedAt()));
        Call.Ending end = call.ending() != null ? call.ending() : NOT_ENDED;
        json.put("reason", end.reason());
        json.put("sip_status", end.sipStatus());
        json.put("ended_by", end.endedBy());
        json.put("quality", quality(end.quality()));
        json.put("remote_user_agent", end.farEnd() == null ? null : end.farEnd().userAgent());
        json.put("remote_reason", end.farEnd() == null ? null : end.farEnd().reason());
        json.put("transfer", transfer(end.transfer()));
        json.put("wrapup_ended_at", Timestamps.formatOrNull(call.wrapupEndedAt()));
        json.put("disposition", call.wrapUp() == null ? null : call.wrapUp().disposition());
        json.put("notes", call.wrapUp() == null ? null : call.wrapUp().notes());
        json.put("ring_duration_ms", call.ringMs());
        json.put("talk_duration_ms", call.talkMs());
        json.put("wrapup_duration_ms", call.wrapupMs());
        json.put("received_at", Timestamps.format(call.receivedAt()));
        json.put("updated_at", Timestamps.format(call.updatedAt()));
        return json;
    }

    private static Map<String, Object> quality(Call.Quality quality) {
        if (quality == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jitter_ms", quality.jitterMs());
        json.put("packet_loss_pct", quality.packetLossPct());
        json.put("rtt_ms", quality.rttMs());
        json.put("codec", quality.codec());
        json.put("mos", quality.mos());
        return json;
    }

    private static Map<String, Object> transfer(Call.Transfer transfer) {
        if (transfer == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", transfer.kind());
        json.put("target", transfer.target());
        return json;
    }

    static Map<String, Object> of(AccountTotals totals) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account", totals.account());
        json.put("calls", totals.calls());
        json.put("answered", totals.answered());
        json.put("answered_rate", totals.answeredRate());
        json.put("avg_talk_ms", totals.avgTalkMs());
        json.put("avg_wrapup_ms", totals.avgWrapupMs());
        return json;
    }
}
