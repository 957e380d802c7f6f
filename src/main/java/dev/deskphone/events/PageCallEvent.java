package dev.deskphone.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One {@code call-event} message from the page (architecture.md, "Call events"), as Jackson binds
 * it. Binding only checks JSON types; {@link PageEventParser} checks the values.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PageCallEvent.Created.class, name = "created"),
    @JsonSubTypes.Type(value = PageCallEvent.Answered.class, name = "answered"),
    @JsonSubTypes.Type(value = PageCallEvent.Ended.class, name = "ended"),
    @JsonSubTypes.Type(value = PageCallEvent.WrapUp.class, name = "wrapup")
})
@JsonIgnoreProperties({"type"})
public sealed interface PageCallEvent {
    /** The call's UUID, made by the page. */
    String callId();

    /** When it happened: epoch milliseconds, UTC (the page's clock, not the delivery time). */
    Long at();

    /** The wire name: {@code created}, {@code answered}, {@code ended}, {@code wrapup}. */
    String event();

    record Created(
            String callId,
            Long at,
            String direction,
            String account,
            String profile,
            String localUri,
            String remoteUri,
            String remoteDisplayName)
            implements PageCallEvent {
        @Override
        public String event() {
            return "created";
        }
    }

    record Answered(String callId, Long at) implements PageCallEvent {
        @Override
        public String event() {
            return "answered";
        }
    }

    /**
     * {@code remoteUserAgent}: the far end's User-Agent (or its response's Server) header;
     * {@code remoteReason}: the Reason header (RFC 3326) of the far end's BYE or CANCEL.
     * {@code unavailable}: set when the phone refused the call itself because the agent was not available
     * ({@code dnd}, {@code after-call-work}); kept in the history, not sent to the backend (which has the
     * refusal as {@code missed} with the {@code sipStatus} that was answered).
     * {@code transfer}: how the call was handed on, when it was transferred.
     */
    record Ended(
            String callId,
            Long at,
            String reason,
            Integer sipStatus,
            String endedBy,
            Quality quality,
            String remoteUserAgent,
            String remoteReason,
            String unavailable,
            Transfer transfer)
            implements PageCallEvent {
        /** An end with nothing from the far end's headers. */
        public Ended(String callId, Long at, String reason, Integer sipStatus, String endedBy, Quality quality) {
            this(callId, at, reason, sipStatus, endedBy, quality, null, null, null, null);
        }

        @Override
        public String event() {
            return "ended";
        }
    }

    record WrapUp(String callId, Long at, String disposition, String notes) implements PageCallEvent {
        @Override
        public String event() {
            return "wrapup";
        }
    }

    /**
     * How a transferred call was handed on: {@code blind} (REFER to a target) or {@code attended}
     * (REFER with Replaces, RFC 5589 §7), and the target's URI.
     */
    record Transfer(String kind, String target) {}

    /** The media engine's stats when the call ended ({@code media.CallStats}). */
    record Quality(Double jitterMs, Double packetLossPct, Double rttMs, String codec, Double mos) {}
}
