package dev.deskphone.calls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.media.CallMediaOptions;
import dev.deskphone.media.IceServer;
import dev.deskphone.media.SdpType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of a page's {@code media-request} (architecture.md, "Calls and media"). Each
 * reader throws {@link IllegalArgumentException} naming the field at fault, which the request's
 * {@code media-response} carries back to the page.
 */
final class MediaRequestFields {
    private MediaRequestFields() {}

    /** A {@code create} request's params: ICE servers and policy, gathering timeout, codec order. */
    static CallMediaOptions callOptions(JsonNode params) {
        return new CallMediaOptions(
                iceServers(params.path("iceServers")),
                relayOnly(params),
                Duration.ofMillis(intOr(params, "iceGatheringTimeoutMs", (int)
                        CallMediaOptions.DEFAULT_ICE_GATHERING_TIMEOUT.toMillis())),
                codecs(params.path("codecs")));
    }

    private static List<IceServer> iceServers(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("params.iceServers: must be a list");
        }
        List<IceServer> servers = new ArrayList<>();
        for (JsonNode server : node) {
            JsonNode urls = server.path("urls");
            List<String> list = new ArrayList<>();
            if (urls.isTextual()) {
                list.add(urls.asText());
            } else if (urls.isArray()) {
                urls.forEach(u -> list.add(u.asText()));
            } else {
                throw new IllegalArgumentException("params.iceServers.urls: must be a URL or a list of URLs");
            }
            servers.add(new IceServer(list, optionalText(server, "username"), optionalText(server, "credential")));
        }
        return servers;
    }

    /** The profile's codec order: a list of names, checked by {@link CallMediaOptions}; absent: none. */
    private static List<String> codecs(JsonNode codecs) {
        if (codecs.isMissingNode() || codecs.isNull()) {
            return List.of();
        }
        if (!codecs.isArray()) {
            throw new IllegalArgumentException("params.codecs: must be a list of codec names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode codec : codecs) {
            if (!codec.isTextual()) {
                throw new IllegalArgumentException("params.codecs: must be a list of codec names");
            }
            names.add(codec.asText());
        }
        return names;
    }

    private static boolean relayOnly(JsonNode params) {
        String policy = params.path("iceTransportPolicy").asText("all");
        return switch (policy) {
            case "all" -> false;
            case "relay" -> true;
            default ->
                throw new IllegalArgumentException(
                        "params.iceTransportPolicy: must be 'all' or 'relay', got '" + policy + "'");
        };
    }

    static SdpType sdpType(JsonNode params) {
        String type = text(params, "type", "params.type");
        return switch (type) {
            case "offer" -> SdpType.OFFER;
            case "answer" -> SdpType.ANSWER;
            case "pranswer" -> SdpType.PRANSWER;
            default ->
                throw new IllegalArgumentException(
                        "params.type: must be 'offer', 'answer' or 'pranswer', got '" + type + "'");
        };
    }

    static String text(JsonNode node, String field) {
        return text(node, field, field);
    }

    /** Required, non-empty text; {@code name} is how the error names the field. */
    static String text(JsonNode node, String field, String name) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(name + ": required text is missing");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** An optional true/false param; absent: false. */
    static boolean flag(JsonNode params, String field) {
        JsonNode value = params.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("params." + field + ": must be true or false");
        }
        return value.asBoolean();
    }

    static boolean requiredFlag(JsonNode params, String field) {
        if (!params.path(field).isBoolean()) {
            throw new IllegalArgumentException("params." + field + ": must be true or false");
        }
        return params.get(field).asBoolean();
    }

    static int intOr(JsonNode params, String field, int fallback) {
        JsonNode value = params.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("params." + field + ": must be a whole number");
        }
        return value.asInt();
    }
}
