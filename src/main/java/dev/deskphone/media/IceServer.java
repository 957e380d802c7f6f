package dev.deskphone.media;

import java.util.List;
import java.util.Objects;

/**
 * One STUN or TURN server, exactly as the page's {@code peerConnectionConfiguration.iceServers}
 * entries: {@code urls} such as {@code stun:host:3478} or {@code turn:host:3478?transport=udp},
 * with a username and credential for TURN.
 */
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        Objects.requireNonNull(urls, "iceServers.urls");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("iceServers.urls: at least one URL is required");
        }
        for (String url : urls) {
            if (!(url.startsWith("stun:")
                    || url.startsWith("stuns:")
                    || url.startsWith("turn:")
                    || url.startsWith("turns:"))) {
                throw new IllegalArgumentException(
                        "iceServers.urls: '" + url + "' must start with stun:, stuns:, turn: or turns:");
            }
            boolean turn = url.startsWith("turn");
            if (turn && (username == null || username.isBlank() || credential == null)) {
                throw new IllegalArgumentException(
                        "iceServers.username/credential: TURN server '" + url + "' needs both");
            }
        }
    }

    public static IceServer stun(String url) {
        return new IceServer(List.of(url), null, null);
    }

    public static IceServer turn(String url, String username, String credential) {
        return new IceServer(List.of(url), username, credential);
    }

    /** Never prints the credential: ICE servers end up in logs. */
    @Override
    public String toString() {
        return "IceServer" + urls + (username != null ? " user=" + username : "");
    }
}
