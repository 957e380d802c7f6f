package dev.deskphone.contract;

import java.util.Set;

/**
 * The values a call event's closed fields may take and the ranges of its numbers: the
 * {@code enum}s, {@code minimum}s and {@code maximum}s of the backend's {@code openapi.yaml}
 * ({@code CallEventValuesTest} holds them to it). The app's parser of page events and the server's
 * parser both check these, so an event the app accepts is not refused by the backend for its content.
 */
public final class CallEventValues {
    /** {@code direction}. */
    public static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");
    /** {@code reason} of an {@code ended} event. */
    public static final Set<String> END_REASONS =
            Set.of("completed", "missed", "rejected", "busy", "cancelled", "failed");
    /** {@code ended_by}: which side hung up. */
    public static final Set<String> ENDED_BY = Set.of("local", "remote");
    /** {@code transfer.kind}: REFER to a target, or REFER with Replaces (RFC 5589 §7). */
    public static final Set<String> TRANSFER_KINDS = Set.of("blind", "attended");

    /** {@code sip_status}: a final or provisional SIP status code (RFC 3261 §21). */
    public static final int SIP_STATUS_MIN = 100;

    public static final int SIP_STATUS_MAX = 699;
    /**
     * {@code quality.jitter_ms} and {@code quality.rtt_ms}: at most this many milliseconds (both
     * parsers' bound on a measurement; {@code openapi.yaml} sets none).
     */
    public static final int MAX_MS = 1_000_000;
    /** {@code quality.packet_loss_pct}: a percentage. */
    public static final int MAX_PERCENT = 100;
    /** {@code quality.mos}: the ITU-T P.800 mean opinion score scale. */
    public static final int MOS_MIN = 1;

    public static final int MOS_MAX = 5;

    private CallEventValues() {}
}
