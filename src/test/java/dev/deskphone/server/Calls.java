package dev.deskphone.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Request bodies for tests, valid by default; tests change or remove one field at a time. */
final class Calls {
    private Calls() {}

    static final String T0 = "2025-03-01T10:00:00.000Z";
    static final String T1 = "2025-03-01T10:00:04.500Z";
    static final String T2 = "2025-03-01T10:02:04.500Z";
    static final String T3 = "2025-03-01T10:02:34.500Z";

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static Map<String, Object> created(String id, String account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("direction", "inbound");
        body.put("account", account);
        body.put("profile", "main");
        body.put("local_uri", "sip:" + account + "@pbx.test");
        body.put("remote_uri", "sip:+15550100@pbx.test");
        body.put("remote_display_name", "Alice");
        body.put("started_at", T0);
        return body;
    }

    static Map<String, Object> answered(String at) {
        return new LinkedHashMap<>(Map.of("answered_at", at));
    }

    static Map<String, Object> ended(String at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ended_at", at);
        body.put("reason", "completed");
        body.put("sip_status", 200);
        body.put("ended_by", "remote");
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("jitter_ms", 3.5);
        quality.put("packet_loss_pct", 0.2);
        quality.put("rtt_ms", 41.0);
        quality.put("codec", "opus");
        quality.put("mos", 4.3);
        body.put("quality", quality);
        return body;
    }

    static Map<String, Object> wrapup(String at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wrapup_ended_at", at);
        body.put("disposition", "resolved");
        body.put("notes", "Customer asked about billing.");
        return body;
    }

    static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }
}
