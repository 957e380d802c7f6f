package dev.deskphone.profile;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * How a profile's calls are handled: whether incoming calls answer themselves (call-center
 * headsets expect it) and whether media may only flow through the TURN relay.
 *
 * @param autoAnswerSeconds answer incoming calls after this delay; empty: ring until the agent answers
 * @param iceTransportPolicy which ICE candidates calls may use
 */
public record CallHandling(OptionalInt autoAnswerSeconds, IceTransportPolicy iceTransportPolicy) {
    /** The same bound as the launch flag {@code --auto-answer}. */
    public static final int MAX_AUTO_ANSWER_SECONDS = 600;

    public static final CallHandling DEFAULT = new CallHandling(OptionalInt.empty(), IceTransportPolicy.ALL);

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
