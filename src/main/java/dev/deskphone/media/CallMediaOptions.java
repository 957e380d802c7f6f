package dev.deskphone.media;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Per-call media settings, taken from the account's PBX profile.
 *
 * @param iceServers STUN/TURN servers (may be empty: host candidates only)
 * @param relayOnly gather only TURN relay candidates (ICE transport policy "relay")
 * @param iceGatheringTimeout longest wait for ICE gathering before the local SDP is returned with
 *     the candidates found so far; SIP has no trickle ICE, so this bounds how much an unreachable
 *     STUN/TURN server can delay a call
 * @param codecs audio codecs to prefer, in order ({@code opus}, {@code pcmu}, {@code pcma},
 *     {@code g722}); empty: the engine's own order
 */
public record CallMediaOptions(
        List<IceServer> iceServers, boolean relayOnly, Duration iceGatheringTimeout, List<String> codecs) {
    public static final Duration DEFAULT_ICE_GATHERING_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration MAX_ICE_GATHERING_TIMEOUT = Duration.ofSeconds(30);

    public CallMediaOptions {
        iceServers = List.copyOf(Objects.requireNonNull(iceServers, "iceServers"));
        codecs = List.copyOf(Objects.requireNonNull(codecs, "codecs"));
        for (String codec : codecs) {
            if (!CodecPreferences.isKnown(codec)) {
                throw new IllegalArgumentException(
                        "codecs: '" + codec + "' is not one of opus, pcmu, pcma, g722 (lower case)");
            }
        }
        if (codecs.stream().distinct().count() < codecs.size()) {
            throw new IllegalArgumentException("codecs: each codec once, got " + codecs);
        }
        Objects.requireNonNull(iceGatheringTimeout, "iceGatheringTimeout");
        if (iceGatheringTimeout.isNegative()
                || iceGatheringTimeout.isZero()
                || iceGatheringTimeout.compareTo(MAX_ICE_GATHERING_TIMEOUT) > 0) {
            throw new IllegalArgumentException("iceGatheringTimeout: must be between 1 ms and 30 s, got "
                    + iceGatheringTimeout.toMillis() + " ms");
        }
        if (relayOnly && iceServers.stream().flatMap(s -> s.urls().stream()).noneMatch(u -> u.startsWith("turn"))) {
            throw new IllegalArgumentException("relayOnly: needs at least one turn: or turns: server in iceServers");
        }
    }

    /** With the engine's codec order. */
    public CallMediaOptions(List<IceServer> iceServers, boolean relayOnly, Duration iceGatheringTimeout) {
        this(iceServers, relayOnly, iceGatheringTimeout, List.of());
    }

    public static CallMediaOptions of(List<IceServer> iceServers) {
        return new CallMediaOptions(iceServers, false, DEFAULT_ICE_GATHERING_TIMEOUT);
    }
}
