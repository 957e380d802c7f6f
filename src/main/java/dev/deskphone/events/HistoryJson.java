package dev.deskphone.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One {@link CallHistory.Entry} as JSON: the page's {@code history} message and {@code deskphone history --json}. */
public final class HistoryJson {
    private HistoryJson() {}

    public static ObjectNode entry(ObjectMapper json, CallHistory.Entry e) {
        ObjectNode node = json.createObjectNode()
                .put("callId", e.callId())
                .put("direction", e.direction())
                .put("account", e.account())
                .put("profile", e.profile())
                // What a redial names: the same account, as the page and `deskphone dial --account` know it.
                .put("accountId", e.profile() + "/" + e.account())
                .put("remoteUri", e.remoteUri())
                .put("startedAt", Instant.ofEpochMilli(e.startedAt()).toString())
                .put("talkSeconds", e.talkMillis() / 1000)
                .put("missed", e.missed())
                .put("seen", e.seen());
        if (e.remoteName() != null) {
            node.put("remoteName", e.remoteName());
        }
        if (e.answeredAt() != null) {
            node.put("answeredAt", Instant.ofEpochMilli(e.answeredAt()).toString());
        }
        if (e.endedAt() != null) {
            node.put("endedAt", Instant.ofEpochMilli(e.endedAt()).toString());
        }
        if (e.reason() != null) {
            node.put("reason", e.reason());
        }
        if (e.sipStatus() != null) {
            node.put("sipStatus", e.sipStatus());
        }
        if (e.unavailable() != null) {
            node.put("unavailable", e.unavailable());
        }
        if (e.disposition() != null) {
            node.put("disposition", e.disposition());
        }
        return node;
    }
}
