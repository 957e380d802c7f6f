package dev.deskphone.media;

/**
 * Call quality at one moment, as kept with the call record.
 *
 * @param jitterMs receive jitter in milliseconds (RFC 3550 interarrival jitter), -1 if unknown
 * @param packetLossPercent received packets lost, in percent of packets expected, -1 if unknown
 * @param roundTripTimeMs round-trip time in milliseconds, -1 if unknown
 * @param codec the received audio codec, e.g. {@code opus/48000}, or empty if none yet
 */
public record CallStats(double jitterMs, double packetLossPercent, double roundTripTimeMs, String codec) {
    public static final CallStats UNKNOWN = new CallStats(-1, -1, -1, "");
}
