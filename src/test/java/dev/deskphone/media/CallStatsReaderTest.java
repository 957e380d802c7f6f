package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deskphone.media.CallStatsReader.Entry;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallStatsReaderTest {
    @Test
    void readsJitterLossRoundTripAndCodec() {
        Map<String, Entry> report = Map.of(
                "IT01A",
                        new Entry(
                                RTCStatsType.INBOUND_RTP,
                                Map.of(
                                        "kind",
                                        "audio",
                                        "jitter",
                                        0.012,
                                        "packetsLost",
                                        5L,
                                        "packetsReceived",
                                        95L,
                                        "codecId",
                                        "CIT01_111")),
                "CIT01_111", new Entry(RTCStatsType.CODEC, Map.of("mimeType", "audio/opus", "clockRate", 48000L)),
                "RI01", new Entry(RTCStatsType.REMOTE_INBOUND_RTP, Map.of("kind", "audio", "roundTripTime", 0.031)),
                "T01", new Entry(RTCStatsType.TRANSPORT, Map.of("selectedCandidatePairId", "CP1")),
                "CP1", new Entry(RTCStatsType.CANDIDATE_PAIR, Map.of("currentRoundTripTime", 0.5)));

        CallStats stats = CallStatsReader.summarize(report);

        assertThat(stats.jitterMs()).isCloseTo(12, within(1e-9));
        assertThat(stats.packetLossPercent()).isCloseTo(5, within(1e-9));
        assertThat(stats.roundTripTimeMs()).isCloseTo(31, within(1e-9));
        assertThat(stats.codec()).isEqualTo("opus/48000");
    }

    @Test
    void fallsBackToTheSelectedCandidatePairForRoundTrip() {
        Map<String, Entry> report = Map.of(
                "IT01A", new Entry(RTCStatsType.INBOUND_RTP, Map.of("kind", "audio", "packetsReceived", 10L)),
                "T01", new Entry(RTCStatsType.TRANSPORT, Map.of("selectedCandidatePairId", "CP1")),
                "CP0", new Entry(RTCStatsType.CANDIDATE_PAIR, Map.of("currentRoundTripTime", 0.9)),
                "CP1", new Entry(RTCStatsType.CANDIDATE_PAIR, Map.of("currentRoundTripTime", 0.002)));

        CallStats stats = CallStatsReader.summarize(report);

        assertThat(stats.roundTripTimeMs()).isCloseTo(2, within(1e-9));
        assertThat(stats.packetLossPercent()).isZero();
        assertThat(stats.jitterMs()).isEqualTo(-1);
        assertThat(stats.codec()).isEmpty();
    }

    @Test
    void beforeTheFirstPacketIsDecodedTheCodecIsTheOneSent() {
        // What libwebrtc reports a moment after connecting: the inbound stream has no codec yet.
        Map<String, Entry> report = Map.of(
                "IT01A",
                        new Entry(
                                RTCStatsType.INBOUND_RTP,
                                Map.of("kind", "audio", "jitter", 0.0, "packetsLost", 0L, "packetsReceived", 0L)),
                "OT01A", new Entry(RTCStatsType.OUTBOUND_RTP, Map.of("kind", "audio", "codecId", "COT01_111")),
                "COT01_111", new Entry(RTCStatsType.CODEC, Map.of("mimeType", "audio/opus", "clockRate", 48000L)),
                "COT01_0", new Entry(RTCStatsType.CODEC, Map.of("mimeType", "audio/PCMU", "clockRate", 8000L)));

        assertThat(CallStatsReader.summarize(report).codec()).isEqualTo("opus/48000");
    }

    @Test
    void anEmptyReportIsUnknown() {
        assertThat(CallStatsReader.summarize(Map.of())).isEqualTo(CallStats.UNKNOWN);
    }
}
