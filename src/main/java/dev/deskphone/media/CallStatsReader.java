package dev.deskphone.media;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a WebRTC stats report (W3C webrtc-stats names) into {@link CallStats}: jitter and loss from
 * the inbound audio RTP stream, round-trip time from RTCP (remote-inbound-rtp) or else from the
 * selected ICE candidate pair, and the codec the inbound stream decodes (or else the one sent).
 */
final class CallStatsReader {
    /** One stats object: its type and attributes (ids are the keys of the report map). */
    record Entry(RTCStatsType type, Map<String, Object> attributes) {}

    private CallStatsReader() {}

    static CallStats read(Map<String, RTCStats> report) {
        return summarize(report.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> new Entry(e.getValue().getType(), e.getValue().getAttributes()))));
    }

    static CallStats summarize(Map<String, Entry> report) {
        Optional<Entry> inbound = firstAudio(report, RTCStatsType.INBOUND_RTP);
        double jitterMs =
                inbound.flatMap(e -> number(e, "jitter")).map(s -> s * 1000).orElse(-1.0);
        double lossPercent = inbound.map(CallStatsReader::lossPercent).orElse(-1.0);
        // The inbound stream names its codec only once the first packet is decoded; right after
        // connecting (a call ended at once) the codec we send, negotiated in the same answer, is it.
        String codec = inbound.flatMap(e -> string(e, "codecId"))
                .or(() -> firstAudio(report, RTCStatsType.OUTBOUND_RTP).flatMap(e -> string(e, "codecId")))
                .map(report::get)
                .map(CallStatsReader::codecName)
                .orElse("");
        double rttMs = firstAudio(report, RTCStatsType.REMOTE_INBOUND_RTP)
                .flatMap(e -> number(e, "roundTripTime"))
                .or(() -> selectedPairRoundTrip(report))
                .map(s -> s * 1000)
                .orElse(-1.0);
        return new CallStats(jitterMs, lossPercent, rttMs, codec);
    }

    private static double lossPercent(Entry inbound) {
        double lost = Math.max(0, number(inbound, "packetsLost").orElse(0.0));
        double received = number(inbound, "packetsReceived").orElse(0.0);
        double expected = lost + received;
        return expected == 0 ? 0 : 100.0 * lost / expected;
    }

    private static Optional<Double> selectedPairRoundTrip(Map<String, Entry> report) {
        return report.values().stream()
                .filter(e -> e.type() == RTCStatsType.TRANSPORT)
                .flatMap(e -> string(e, "selectedCandidatePairId").stream())
                .map(report::get)
                .filter(java.util.Objects::nonNull)
                .flatMap(e -> number(e, "currentRoundTripTime").stream())
                .findFirst();
    }

    private static String codecName(Entry codec) {
        if (codec == null) {
            return "";
        }
        String mime = string(codec, "mimeType").orElse("");
        String name = mime.startsWith("audio/") ? mime.substring("audio/".length()) : mime;
        return number(codec, "clockRate")
                .map(rate -> name + "/" + rate.longValue())
                .orElse(name);
    }

    private static Optional<Entry> firstAudio(Map<String, Entry> report, RTCStatsType type) {
        return report.values().stream()
                .filter(e -> e.type() == type)
                .filter(e -> !"video".equals(e.attributes().get("kind")))
                .findFirst();
    }

    private static Optional<Double> number(Entry entry, String name) {
        return entry.attributes().get(name) instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    private static Optional<String> string(Entry entry, String name) {
        return entry.attributes().get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
