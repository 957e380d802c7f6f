package dev.deskphone.calls;

import dev.deskphone.media.CallStats;
import dev.deskphone.media.Mos;
import java.util.LinkedHashMap;
import java.util.Map;

/** The call-quality fields of architecture.md, as a {@code stats} media request answers them. */
final class CallQuality {
    private CallQuality() {}

    /** Jitter, loss, round-trip time, codec and the estimated MOS; -1 (unknown) values are left out. */
    static Map<String, Object> of(CallStats stats) {
        Map<String, Object> quality = new LinkedHashMap<>();
        putKnown(quality, "jitterMs", stats.jitterMs());
        putKnown(quality, "packetLossPct", stats.packetLossPercent());
        putKnown(quality, "rttMs", stats.roundTripTimeMs());
        quality.put("codec", stats.codec());
        if (stats.jitterMs() >= 0 && stats.packetLossPercent() >= 0) {
            quality.put(
                    "mos",
                    Mos.estimate(Math.max(0, stats.roundTripTimeMs()), stats.jitterMs(), stats.packetLossPercent()));
        }
        return quality;
    }

    private static void putKnown(Map<String, Object> map, String key, double value) {
        if (value >= 0) {
            map.put(key, Math.round(value * 10) / 10.0);
        }
    }
}
