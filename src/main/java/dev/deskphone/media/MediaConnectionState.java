package dev.deskphone.media;

/** A call's media transport state (W3C RTCPeerConnectionState). */
public enum MediaConnectionState {
    NEW,
    CONNECTING,
    CONNECTED,
    DISCONNECTED,
    FAILED,
    CLOSED
}
