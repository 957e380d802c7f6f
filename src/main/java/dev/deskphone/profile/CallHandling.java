package dev.deskphone.profile;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * How a profile's calls are handled: whether incoming calls answer themselves (call-center
 * headsets expect it), whether a caller may ask for that itself, whether media may only flow
 * through the TURN relay, and which audio codecs are preferred.
 *
 * @param autoAnswerSeconds answer incoming calls after this delay; empty: ring until the agent answers
 * @param iceTransportPolicy which ICE candidates calls may use
 * @param headerAutoAnswer honour a caller's auto-answer request ({@code Call-Info: ...;answer-after=N},
 *     {@code Alert-Info: ...;info=alert-autoanswer}): intercom and paging systems send it
 * @param codecs audio codecs in order of preference ({@link #KNOWN_CODECS} names); empty: the media
 *     engine's own order
 */
public record CallHandling(
        OptionalInt autoAnswerSeconds,
        IceTransportPolicy iceTransportPolicy,
        boolean headerAutoAnswer,
        List<String> codecs) {
    /** The same bound as the launch flag {@code --auto-answer}. */
    public static final int MAX_AUTO_ANSWER_SECONDS = 600;

    /** The audio codecs a preference may name: the ones the media engine can offer to a PBX. */
    public static final List<String> KNOWN_CODECS = List.of("opus", "pcmu", "pcma", "g722");

    public static final CallHandling DEFAULT = new CallHandling(OptionalInt.empty(), IceTransportPolicy.ALL);

    public CallHandling {
        codecs = List.copyOf(codecs);
    }

    /** No caller-requested auto-answer, the engine's codec order. */
    public CallHandling(OptionalInt autoAnswerSeconds, IceTransportPolicy iceTransportPolicy) {
        this(autoAnswerSeconds, iceTransportPolicy, false, List.of());
    }

    /** WebRTC's {@code RTCIceTransportPolicy}, spelled as in the W3C WebRTC {@code RTCConfiguration}. */
    public enum IceTransportPolicy {
        /** Host, server-reflexive and relay candidates. */
        ALL,
        /** Only TURN relay candidates: for sites whose firewall allows nothing else, or to hide agents' addresses. */
        RELAY;

        /** The name used in files, flags and the page: {@code all} or {@code relay}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
