package dev.deskphone.media;

import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import java.util.Locale;
import java.util.Optional;

/** An SDP media direction attribute (RFC 3264 section 5.1), seen from the side that writes it. */
public enum MediaDirection {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** The attribute as written in SDP, e.g. {@code sendonly}. */
    public String sdpAttribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The same stream as seen from the other side: what one side sends, the other receives. */
    public MediaDirection reversed() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /**
     * The direction of the first audio section of an SDP body. RFC 4566 allows a session-level
     * attribute that media sections inherit; without any, a stream is sendrecv (RFC 3264 5.1).
     */
    public static MediaDirection ofFirstAudioSection(String sdp) {
        MediaDirection session = null;
        MediaDirection audio = null;
        boolean inAudio = false;
        boolean seenMedia = false;
        for (String rawLine : sdp.split("\r?\n")) {
            String line = rawLine.trim();
            if (line.startsWith("m=")) {
                if (inAudio) {
                    break;
                }
                seenMedia = true;
                inAudio = line.startsWith("m=audio");
                continue;
            }
            Optional<MediaDirection> direction = fromAttributeLine(line);
            if (direction.isPresent()) {
                if (!seenMedia) {
                    session = direction.get();
                } else if (inAudio) {
                    audio = direction.get();
                }
            }
        }
        if (audio != null) {
            return audio;
        }
        return session != null ? session : SENDRECV;
    }

    private static Optional<MediaDirection> fromAttributeLine(String line) {
        for (MediaDirection direction : values()) {
            if (line.equals("a=" + direction.sdpAttribute())) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }

    RTCRtpTransceiverDirection toTransceiverDirection() {
        return switch (this) {
            case SENDRECV -> RTCRtpTransceiverDirection.SEND_RECV;
            case SENDONLY -> RTCRtpTransceiverDirection.SEND_ONLY;
            case RECVONLY -> RTCRtpTransceiverDirection.RECV_ONLY;
            case INACTIVE -> RTCRtpTransceiverDirection.INACTIVE;
        };
    }

    static MediaDirection fromTransceiverDirection(RTCRtpTransceiverDirection direction) {
        return switch (direction) {
            case SEND_RECV -> SENDRECV;
            case SEND_ONLY -> SENDONLY;
            case RECV_ONLY -> RECVONLY;
            case INACTIVE, STOPPED -> INACTIVE;
        };
    }
}
