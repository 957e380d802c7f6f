package dev.deskphone.media;

import dev.onvoid.webrtc.RTCRtpCodecCapability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A profile's audio codec order as a transceiver's codec preferences (W3C WebRTC
 * {@code setCodecPreferences}): the named codecs first, in the order given, then every other codec
 * the engine can receive in its own order. Nothing is dropped, so telephone-event (RFC 4733 DTMF)
 * and comfort noise stay offered, and a PBX that supports none of the preferred codecs still gets
 * a call. libwebrtc orders the m-line's payload types of both the offer and the answer by these
 * preferences (JSEP, RFC 8829 section 5.2.1 and 5.3.1).
 */
final class CodecPreferences {
    /** Profile names to the RTP encoding names of RFC 3551 and RFC 7587. */
    private static final Map<String, String> ENCODING_NAMES =
            Map.of("opus", "opus", "pcmu", "PCMU", "pcma", "PCMA", "g722", "G722");

    private CodecPreferences() {}

    /** The names a profile may use. */
    static boolean isKnown(String name) {
        return ENCODING_NAMES.containsKey(name);
    }

    /** {@code available} reordered so the {@code preferred} codecs (profile names) come first. */
    static List<RTCRtpCodecCapability> order(List<RTCRtpCodecCapability> available, List<String> preferred) {
        List<RTCRtpCodecCapability> ordered = new ArrayList<>();
        for (String name : preferred) {
            String encoding = ENCODING_NAMES.get(name.toLowerCase(Locale.ROOT));
            if (encoding == null) {
                throw new IllegalArgumentException("codecs: unknown codec '" + name + "'");
            }
            for (RTCRtpCodecCapability codec : available) {
                if (codec.getName().equalsIgnoreCase(encoding)) {
                    ordered.add(codec);
                }
            }
        }
        for (RTCRtpCodecCapability codec : available) {
            if (!ordered.contains(codec)) {
                ordered.add(codec);
            }
        }
        return ordered;
    }
}
