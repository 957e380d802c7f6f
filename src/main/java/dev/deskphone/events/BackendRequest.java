package dev.deskphone.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The backend call (openapi.yaml) that delivers one page event: {@code POST path} with a snake_case
 * JSON body whose timestamps are the event's own, as RFC 3339 instants.
 */
public record BackendRequest(String path, String body) {

    public static BackendRequest of(PageCallEvent event, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        String path;
        if (event instanceof PageCallEvent.Created c) {
            path = "/internal/calls";
            body.put("id", c.callId())
                    .put("direction", c.direction())
                    .put("account", c.account())
                    .put("profile", c.profile())
                    .put("local_uri", c.localUri())
                    .put("remote_uri", c.remoteUri());
            putIfPresent(body, "remote_display_name", c.remoteDisplayName());
            body.put("started_at", instant(c.at()));
        } else if (event instanceof PageCallEvent.Answered a) {
            path = callPath(a, "answered");
            body.put("answered_at", instant(a.at()));
        } else if (event instanceof PageCallEvent.Ended e) {
            path = callPath(e, "ended");
            body.put("ended_at", instant(e.at())).put("reason", e.reason());
            if (e.sipStatus() != null) {
                body.put("sip_status", e.sipStatus());
            }
            body.put("ended_by", e.endedBy());
            putIfPresent(body, "remote_user_agent", e.remoteUserAgent());
            putIfPresent(body, "remote_reason", e.remoteReason());
            if (e.quality() != null) {
                ObjectNode quality = body.putObject("quality");
                quality.put("jitter_ms", e.quality().jitterMs())
                        .put("packet_loss_pct", e.quality().packetLossPct())
                        .put("rtt_ms", e.quality().rttMs())
                        .put("codec", e.quality().codec());
                if (e.quality().mos() != null) {
                    quality.put("mos", e.quality().mos());
                }
            }
        } else if (event instanceof PageCallEvent.WrapUp w) {
            path = callPath(w, "wrapup");
            body.put("wrapup_ended_at", instant(w.at()));
            putIfPresent(body, "disposition", w.disposition());
            putIfPresent(body, "notes", w.notes());
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return new BackendRequest(path, body.toString());
    }

    private static String callPath(PageCallEvent event, String what) {
        return path(event.callId(), what);
    }

    /**
     * The backend path of one of a call's events. The parts are URL-encoded: a checked event's id is a
     * UUID (unchanged by it), but a refused event keeps whatever the page sent, and a resend
     * ({@code deskphone events retry}) must still make a valid URL of it.
     */
    static String path(String callId, String event) {
        return "created".equals(event)
                ? "/internal/calls"
                : "/internal/calls/" + URLEncoder.encode(callId, StandardCharsets.UTF_8) + "/"
                        + URLEncoder.encode(event, StandardCharsets.UTF_8);
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, value);
        }
    }

    /** RFC 3339 in UTC with milliseconds, e.g. {@code 2025-01-31T09:15:00.120Z}. */
    static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
