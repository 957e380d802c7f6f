package dev.deskphone.media;

import dev.onvoid.webrtc.RTCSdpType;

/** The role of a remote description: SIP.js hands us offers, answers and provisional answers. */
public enum SdpType {
    OFFER,
    PRANSWER,
    ANSWER;

    RTCSdpType toRtc() {
        return switch (this) {
            case OFFER -> RTCSdpType.OFFER;
            case PRANSWER -> RTCSdpType.PR_ANSWER;
            case ANSWER -> RTCSdpType.ANSWER;
        };
    }
}
