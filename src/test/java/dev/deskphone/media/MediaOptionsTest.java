package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad settings fail with a message naming the field. */
class MediaOptionsTest {
    @Test
    void iceServerUrlsNeedAStunOrTurnScheme() {
        assertThatThrownBy(() -> IceServer.stun("http://example.invalid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iceServers.urls");
        assertThatThrownBy(() -> new IceServer(List.of(), null, null)).hasMessageContaining("iceServers.urls");
    }

    @Test
    void turnNeedsCredentialsAndToStringHidesThem() {
        assertThatThrownBy(() -> new IceServer(List.of("turn:10.0.0.1:3478"), "agent", null))
                .hasMessageContaining("iceServers.username/credential");

        assertThat(IceServer.turn("turn:10.0.0.1:3478", "agent", "s3cret").toString())
                .doesNotContain("s3cret");
    }

    @Test
    void gatheringTimeoutMustBePositiveAndBounded() {
        assertThatThrownBy(() -> new CallMediaOptions(List.of(), false, Duration.ZERO))
                .hasMessageContaining("iceGatheringTimeout");
        assertThatThrownBy(() -> new CallMediaOptions(List.of(), false, Duration.ofMinutes(1)))
                .hasMessageContaining("iceGatheringTimeout");
        assertThat(CallMediaOptions.of(List.of()).iceGatheringTimeout()).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void relayOnlyNeedsATurnServer() {
        assertThatThrownBy(() ->
                        new CallMediaOptions(List.of(IceServer.stun("stun:10.0.0.1")), true, Duration.ofSeconds(1)))
                .hasMessageContaining("relayOnly");
    }

    @Test
    void dtmfTonesAreChecked() {
        assertThat(new DtmfTones("0123456789ABCD*#,", 100, 70).tones()).hasSize(17);
        assertThatThrownBy(() -> new DtmfTones("12x", 100, 70)).hasMessageContaining("tones");
        assertThatThrownBy(() -> new DtmfTones("", 100, 70)).hasMessageContaining("tones");
        assertThatThrownBy(() -> new DtmfTones("1", 30, 70)).hasMessageContaining("duration");
        assertThatThrownBy(() -> new DtmfTones("1", 100, 20)).hasMessageContaining("interToneGap");
    }
}
