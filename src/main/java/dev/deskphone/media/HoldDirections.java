package dev.deskphone.media;

/**
 * The media direction a softphone writes when it offers or answers, given whether the user has the
 * call on hold. SIP.js only passes {@code hold: true/false}; choosing the SDP direction is the
 * session description handler's job.
 *
 * <p>RFC 3264 section 8.4: to hold, an offerer marks a sendrecv stream sendonly and a recvonly
 * stream inactive; to resume it restores the direction it had before. Section 6.1: the answer to a
 * sendonly offer is recvonly (or inactive), to recvonly is sendonly (or inactive), to inactive is
 * inactive, and to sendrecv any direction; an answerer on hold at most sends (sendonly or inactive).
 */
public final class HoldDirections {
    private HoldDirections() {}

    /**
     * Direction for a new offer.
     *
     * @param current the direction this side last negotiated (sendrecv before the first offer)
     * @param hold whether this side wants the call on hold
     */
    public static MediaDirection forOffer(MediaDirection current, boolean hold) {
        return switch (current) {
            case SENDRECV, SENDONLY -> hold ? MediaDirection.SENDONLY : MediaDirection.SENDRECV;
            // The remote holds us (we may only receive); keep receiving, or stop both ways on hold.
            case RECVONLY, INACTIVE -> hold ? MediaDirection.INACTIVE : MediaDirection.RECVONLY;
        };
    }

    /**
     * Direction for an answer.
     *
     * @param offered the direction written in the remote offer (from the remote's point of view)
     * @param hold whether this side wants the call on hold
     */
    public static MediaDirection forAnswer(MediaDirection offered, boolean hold) {
        return switch (offered) {
            case SENDRECV -> hold ? MediaDirection.SENDONLY : MediaDirection.SENDRECV;
            case SENDONLY -> hold ? MediaDirection.INACTIVE : MediaDirection.RECVONLY;
            case RECVONLY -> hold ? MediaDirection.INACTIVE : MediaDirection.SENDONLY;
            case INACTIVE -> MediaDirection.INACTIVE;
        };
    }
}
