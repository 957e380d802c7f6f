package dev.deskphone.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.deskphone.contract.CallEventLimits;
import dev.deskphone.contract.CallEventValues;
import dev.deskphone.contract.SafeText;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a page's {@code call-event} message into a checked {@link PageCallEvent}, or throws an
 * {@link InvalidCallEventException} naming the first bad field.
 *
 * <p>The checks are the backend's (server {@code ApiEventParser}: same enums, limits from
 * {@link CallEventLimits}, same ranges), so an event accepted here is not refused later for its
 * content, which would park it as dead. What the far end chose (display name, URIs, codec, its
 * User-Agent and Reason headers) is never
 * a reason to refuse: it is cleaned and clipped ({@link SafeText}), so the call still reaches the records.
 */
public final class PageEventParser {
    // 2000-01-01 .. 2100-01-01: anything else is a page bug (seconds instead of ms, a zero clock).
    static final long AT_MIN = 946_684_800_000L;
    static final long AT_MAX = 4_102_444_800_000L;

    private static final Pattern UUID_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Set<String> UNAVAILABLE = Set.of("dnd", "after-call-work");

    // Strict: a number where a string belongs (or the reverse) is an error, not a silent coercion.
    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(
                    LogicalType.Textual,
                    text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    public PageCallEvent parse(JsonNode message) {
        if (message == null || !message.isObject()) {
            throw new InvalidCallEventException("a call-event must be a JSON object");
        }
        if (!message.path("event").isTextual()) {
            throw new InvalidCallEventException("event: required, one of created, answered, ended, wrapup");
        }
        PageCallEvent event;
        try {
            event = mapper.treeToValue(message, PageCallEvent.class);
        } catch (InvalidTypeIdException e) {
            throw new InvalidCallEventException(
                    "event: '" + message.get("event").asText() + "' is not one of created, answered, ended, wrapup");
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidCallEventException(e.getPropertyName() + ": not a field of a '"
                    + message.get("event").asText() + "' event");
        } catch (JsonMappingException e) {
            throw new InvalidCallEventException(
                    path(e) + ": wrong type (" + e.getOriginalMessage().split("\n")[0] + ")");
        } catch (JsonProcessingException e) {
            throw new InvalidCallEventException("not a call-event: " + e.getOriginalMessage());
        }
        check(event);
        return clipped(event);
    }

    /** The event with the far end's text cleaned and clipped to the contract's limits. */
    private static PageCallEvent clipped(PageCallEvent event) {
        if (event instanceof PageCallEvent.Created c) {
            return new PageCallEvent.Created(
                    c.callId(),
                    c.at(),
                    c.direction(),
                    c.account(),
                    c.profile(),
                    SafeText.uri(c.localUri(), CallEventLimits.URI),
                    SafeText.uri(c.remoteUri(), CallEventLimits.URI),
                    SafeText.clip(c.remoteDisplayName(), CallEventLimits.DISPLAY_NAME));
        }
        if (event instanceof PageCallEvent.Ended e) {
            PageCallEvent.Quality q = e.quality();
            PageCallEvent.Transfer t = e.transfer();
            return new PageCallEvent.Ended(
                    e.callId(),
                    e.at(),
                    e.reason(),
                    e.sipStatus(),
                    e.endedBy(),
                    q == null
                            ? null
                            : new PageCallEvent.Quality(
                                    q.jitterMs(),
                                    q.packetLossPct(),
                                    q.rttMs(),
                                    SafeText.clip(q.codec(), CallEventLimits.CODEC),
                                    q.mos()),
                    SafeText.clip(e.remoteUserAgent(), CallEventLimits.USER_AGENT),
                    SafeText.clip(e.remoteReason(), CallEventLimits.REASON_HEADER),
                    e.unavailable(),
                    t == null
                            ? null
                            : new PageCallEvent.Transfer(t.kind(), SafeText.uri(t.target(), CallEventLimits.URI)));
        }
        return event;
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "message" : path;
    }

    private static void check(PageCallEvent event) {
        if (event.callId() == null || !UUID_V4.matcher(event.callId()).matches()) {
            throw new InvalidCallEventException("callId: must be a lower-case UUID v4, got " + quoted(event.callId()));
        }
        if (event.at() == null || event.at() < AT_MIN || event.at() > AT_MAX) {
            throw new InvalidCallEventException(
                    "at: must be epoch milliseconds (UTC) between 2000 and 2100, got " + event.at());
        }
        if (event instanceof PageCallEvent.Created c) {
            oneOf("direction", c.direction(), CallEventValues.DIRECTIONS);
            text("account", c.account(), CallEventLimits.NAME, true);
            text("profile", c.profile(), CallEventLimits.NAME, true);
            uri("localUri", c.localUri());
            uri("remoteUri", c.remoteUri());
        } else if (event instanceof PageCallEvent.Ended e) {
            oneOf("reason", e.reason(), CallEventValues.END_REASONS);
            oneOf("endedBy", e.endedBy(), CallEventValues.ENDED_BY);
            if (e.unavailable() != null) {
                oneOf("unavailable", e.unavailable(), UNAVAILABLE);
                if (!"missed".equals(e.reason())) {
                    throw new InvalidCallEventException(
                            "unavailable: only a missed call is refused for unavailability, got reason '" + e.reason()
                                    + "'");
                }
            }
            if (e.sipStatus() != null
                    && (e.sipStatus() < CallEventValues.SIP_STATUS_MIN
                            || e.sipStatus() > CallEventValues.SIP_STATUS_MAX)) {
                throw new InvalidCallEventException(
                        "sipStatus: must be a SIP status code (100-699), got " + e.sipStatus());
            }
            if (e.quality() != null) {
                quality(e.quality());
            }
            if (e.transfer() != null) {
                oneOf("transfer.kind", e.transfer().kind(), CallEventValues.TRANSFER_KINDS);
                uri("transfer.target", e.transfer().target());
            }
        } else if (event instanceof PageCallEvent.WrapUp w) {
            text("disposition", w.disposition(), CallEventLimits.NAME, false);
            text("notes", w.notes(), CallEventLimits.NOTES, false);
        }
    }

    private static void quality(PageCallEvent.Quality q) {
        number("quality.jitterMs", q.jitterMs(), 0, CallEventValues.MAX_MS, true);
        number("quality.packetLossPct", q.packetLossPct(), 0, CallEventValues.MAX_PERCENT, true);
        number("quality.rttMs", q.rttMs(), 0, CallEventValues.MAX_MS, true);
        text("quality.codec", q.codec(), Integer.MAX_VALUE, true);
        number("quality.mos", q.mos(), CallEventValues.MOS_MIN, CallEventValues.MOS_MAX, false);
    }

    private static void number(String field, Double value, double min, double max, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidCallEventException(field + ": required");
            }
            return;
        }
        if (value.isNaN() || value < min || value > max) {
            throw new InvalidCallEventException(field + ": must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void oneOf(String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new InvalidCallEventException(field + ": must be one of "
                    + String.join(", ", allowed.stream().sorted().toList()) + ", got " + quoted(value));
        }
    }

    private static void text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidCallEventException(field + ": required");
            }
            if (value == null) {
                return;
            }
        }
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new InvalidCallEventException(field + ": at most " + max + " characters, got " + length);
        }
    }

    /** Any length: a far-end URI is clipped, not refused; only what is no call URI at all is. */
    private static void uri(String field, String value) {
        text(field, value, Integer.MAX_VALUE, true);
        if (!SafeText.isCallUri(SafeText.uri(value, CallEventLimits.URI))) {
            throw new InvalidCallEventException(field + ": must be a sip:, sips: or tel: URI, got " + quoted(value));
        }
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "'" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'";
    }
}
