package dev.deskphone.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** {@code call-event} messages as the page sends them (bridge-protocol.md), for tests. */
public final class PageEvents {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final long T0 = 1_760_000_000_000L;

    private PageEvents() {}

    public static String newCallId() {
        return UUID.randomUUID().toString();
    }

    static ObjectNode created(String callId, long at) {
        return base("created", callId, at)
                .put("direction", "inbound")
                .put("account", "1001")
                .put("profile", "office")
                .put("localUri", "sip:1001@pbx.test")
                .put("remoteUri", "sip:1002@pbx.test")
                .put("remoteDisplayName", "Bob");
    }

    static ObjectNode answered(String callId, long at) {
        return base("answered", callId, at);
    }

    static ObjectNode ended(String callId, long at) {
        ObjectNode node = base("ended", callId, at).put("reason", "completed").put("endedBy", "remote");
        node.putObject("quality")
                .put("jitterMs", 3.5)
                .put("packetLossPct", 0.1)
                .put("rttMs", 12)
                .put("codec", "opus")
                .put("mos", 4.3);
        return node;
    }

    static ObjectNode wrapup(String callId, long at) {
        return base("wrapup", callId, at).put("disposition", "sale").put("notes", "called back");
    }

    /** The four events of one answered call, 1 s apart. */
    public static ObjectNode[] call(String callId, long start) {
        return new ObjectNode[] {
            created(callId, start),
            answered(callId, start + 1000),
            ended(callId, start + 2000),
            wrapup(callId, start + 3000)
        };
    }

    private static ObjectNode base(String event, String callId, long at) {
        return JSON.createObjectNode()
                .put("type", "call-event")
                .put("event", event)
                .put("callId", callId)
                .put("at", at);
    }
}
