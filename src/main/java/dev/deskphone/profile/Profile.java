package dev.deskphone.profile;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PBX profile: where the SIP-over-WebSocket server is and how to reach it. Holds no secrets.
 *
 * @param name                  unique name, used in account ids ({@code profile/extension})
 * @param server                {@code ws://} or {@code wss://} URI of the SIP WebSocket
 * @param domain                SIP domain (host part of the accounts' AORs)
 * @param stun                  {@code stun:}/{@code stuns:} URIs for ICE
 * @param turn                  optional TURN relay
 * @param caFile                optional PEM file (inside the config dir) of CAs trusted for {@code wss://}
 * @param registerExpires       REGISTER expiry in seconds
 * @param iceGatheringTimeoutMs how long to gather ICE candidates before sending an offer/answer
 * @param scope                 where it came from; {@link ConfigScope#SYSTEM} profiles are locked
 * @param wrapUp                the wrap-up form's dispositions and timer
 * @param calls                 auto-answer and ICE policy
 * @param consent               which links dial without asking, and what a far end's REFER gets
 * @param keepAliveSeconds      WebSocket ping interval that notices a silently dead connection; 0: off
 */
public record Profile(
        String name,
        URI server,
        String domain,
        List<URI> stun,
        Optional<TurnServer> turn,
        Optional<Path> caFile,
        int registerExpires,
        int iceGatheringTimeoutMs,
        ConfigScope scope,
        WrapUpSettings wrapUp,
        CallHandling calls,
        CallConsent consent,
        int keepAliveSeconds) {
    public static final int DEFAULT_REGISTER_EXPIRES = 600;
    /** Well inside the 60 s and more that NAT boxes and firewalls keep an idle TCP mapping. */
    public static final int DEFAULT_KEEPALIVE_SECONDS = 30;

    public static final int MAX_KEEPALIVE_SECONDS = 3600;
    public static final int DEFAULT_ICE_GATHERING_TIMEOUT_MS = 1000;

    public Profile {
        stun = List.copyOf(stun);
    }

    /** True when the administrator set this profile: users can neither change nor shadow it. */
    public boolean locked() {
        return scope == ConfigScope.SYSTEM;
    }
}
