package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaDirectionTest {
    private static final String HEADER = "v=0\r\no=- 1 2 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n";

    @Test
    void readsTheAudioSectionsAttribute() {
        String sdp = HEADER + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\n";

        assertThat(MediaDirection.ofFirstAudioSection(sdp)).isEqualTo(MediaDirection.SENDONLY);
    }

    @Test
    void aMediaAttributeOverridesTheSessionOne() {
        String sdp = HEADER + "a=inactive\r\nm=audio 9 RTP/AVP 0\r\na=recvonly\r\n";

        assertThat(MediaDirection.ofFirstAudioSection(sdp)).isEqualTo(MediaDirection.RECVONLY);
    }

    @Test
    void inheritsTheSessionAttributeAndDefaultsToSendrecv() {
        assertThat(MediaDirection.ofFirstAudioSection(HEADER + "a=inactive\r\nm=audio 9 RTP/AVP 0\r\n"))
                .isEqualTo(MediaDirection.INACTIVE);
        assertThat(MediaDirection.ofFirstAudioSection(HEADER + "m=audio 9 RTP/AVP 0\r\n"))
                .isEqualTo(MediaDirection.SENDRECV);
    }

    @Test
    void ignoresOtherMediaSections() {
        String sdp = HEADER
                + "m=video 9 RTP/AVP 96\na=sendonly\nm=audio 9 RTP/AVP 0\na=recvonly\nm=video 9 RTP/AVP 96\na=inactive\n";

        assertThat(MediaDirection.ofFirstAudioSection(sdp)).isEqualTo(MediaDirection.RECVONLY);
    }
}
