package dev.deskphone.media;

/**
 * A listening-quality estimate (MOS, 1 to 4.5) from what the media stats measure, by the usual
 * simplification of the ITU-T G.107 E-model for a narrowband-equivalent codec: the R factor starts
 * at 93.2 and loses delay and loss impairments; R maps to MOS by G.107 Annex B. Good enough to
 * rank calls in a report, not a substitute for a real quality probe.
 */
public final class Mos {
    private Mos() {}

    public static double estimate(double roundTripMs, double jitterMs, double lossPercent) {
        // One-way delay: half the round trip, plus the jitter buffer (about twice the jitter), plus codec delay.
        double delay = roundTripMs / 2 + 2 * jitterMs + 10;
        double r = 93.2 - (delay < 160 ? delay / 40 : (delay - 120) / 10) - 2.5 * lossPercent;
        r = Math.max(0, Math.min(100, r));
        double mos = 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
        return Math.round(Math.max(1, Math.min(4.5, mos)) * 100) / 100.0;
    }
}
