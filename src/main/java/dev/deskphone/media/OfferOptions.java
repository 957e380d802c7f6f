package dev.deskphone.media;

/**
 * What SIP.js asks of a new local offer.
 *
 * @param hold put (or keep) the call on hold: direction chosen by {@link HoldDirections#forOffer}
 * @param iceRestart new ICE credentials, e.g. to restore media after the network changed
 */
public record OfferOptions(boolean hold, boolean iceRestart) {
    public static final OfferOptions DEFAULT = new OfferOptions(false, false);
}
