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
 */
public record CallMediaOptions(List<IceServer> iceServers, boolean relayOnly, Duration iceGatheringTimeout) {
    public static final Duration DEFAULT_ICE_GATHERING_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration MAX_ICE_GATHERING_TIMEOUT = Duration.ofSeconds(30);

    public CallMediaOptions {
        iceServers = List.copyOf(Objects.requireNonNull(iceServers, "iceServers"));
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

    public static CallMediaOptions of(List<IceServer> iceServers) {
        return new CallMediaOptions(iceServers, false, DEFAULT_ICE_GATHERING_TIMEOUT);
    }
}
