package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The codec preferences handed to the transceiver: libwebrtc writes the offer's and answer's
 * m-line payload types in this order, so this order is what the PBX sees.
 */
class CodecPreferencesTest {
    /** libwebrtc's receive capabilities for audio, in its own order. */
    private static final List<RTCRtpCodecCapability> ENGINE = List.of(
            codec("opus", 48000, 2),
            codec("red", 48000, 2),
            codec("G722", 8000, 1),
            codec("PCMU", 8000, 1),
            codec("PCMA", 8000, 1),
            codec("CN", 8000, 1),
            codec("telephone-event", 48000, 1),
            codec("telephone-event", 8000, 1));

    @Test
    void preferredCodecsComeFirstInTheGivenOrderAndNothingIsDropped() {
        List<RTCRtpCodecCapability> ordered = CodecPreferences.order(ENGINE, List.of("pcmu", "g722"));

        assertThat(ordered)
                .extracting(RTCRtpCodecCapability::getName)
                .containsExactly("PCMU", "G722", "opus", "red", "PCMA", "CN", "telephone-event", "telephone-event");
        assertThat(ordered).as("telephone-event (DTMF) stays offered").hasSameSizeAs(ENGINE);
    }

    @Test
    void theEnginesOrderIsKeptWithoutPreferences() {
        assertThat(CodecPreferences.order(ENGINE, List.of())).containsExactlyElementsOf(ENGINE);
    }

    @Test
    void aPreferredCodecTheEngineLacksIsSkipped() {
        List<RTCRtpCodecCapability> noG722 =
                ENGINE.stream().filter(c -> !c.getName().equals("G722")).toList();

        assertThat(CodecPreferences.order(noG722, List.of("g722", "pcma")))
                .extracting(RTCRtpCodecCapability::getName)
                .startsWith("PCMA", "opus");
    }

    @Test
    void unknownNamesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> CodecPreferences.order(ENGINE, List.of("ilbc")))
                .hasMessageContaining("codecs:");
        assertThatThrownBy(() -> new CallMediaOptions(
                        List.of(), false, CallMediaOptions.DEFAULT_ICE_GATHERING_TIMEOUT, List.of("opus", "opus")))
                .hasMessageContaining("codecs: each codec once");
    }

    private static RTCRtpCodecCapability codec(String name, int clockRate, int channels) {
        return new RTCRtpCodecCapability(MediaType.AUDIO, name, clockRate, channels, Map.of());
    }
}
