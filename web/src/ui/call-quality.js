// What a call card shows next to the call: how long it has lasted and how it sounds. The grade
// comes from the media stats Java reads every few seconds (bridge-protocol.md, `stats`): jitter,
// packet loss and round-trip time, with the E-model MOS estimate when Java has one.

/**
 * Grade limits, each the first value that is no longer better. ITU-T G.114 puts one-way delay
 * above 150 ms as noticeable and above 400 ms as unacceptable (so RTT 300 / 800 here); loss above
 * 1 % is audible with G.711 and above 5 % hurts understanding; a MOS under 3.6 is "fair", under 3.1 "poor".
 */
const LIMITS = {
  fair: { rttMs: 300, jitterMs: 30, packetLossPct: 1, mos: 3.6 },
  poor: { rttMs: 800, jitterMs: 60, packetLossPct: 5, mos: 3.1 },
};

/**
 * @param {{jitterMs?: number, packetLossPct?: number, rttMs?: number, mos?: number}} [quality]
 * @returns {"good"|"fair"|"poor"|undefined} undefined while nothing is measured yet
 */
export function qualityGrade(quality) {
  if (!quality) return undefined;
  const known = (key) => Number.isFinite(quality[key]) && quality[key] >= 0;
  if (!["jitterMs", "packetLossPct", "rttMs"].some(known)) return undefined;
  const worseThan = (limits) =>
    ["rttMs", "jitterMs", "packetLossPct"].some((key) => known(key) && quality[key] > limits[key]) ||
    (known("mos") && quality.mos < limits.mos);
  if (worseThan(LIMITS.poor)) return "poor";
  if (worseThan(LIMITS.fair)) return "fair";
  return "good";
}

const GRADE_TEXT = { good: "Good", fair: "Fair", poor: "Poor" };

/** The indicator's label, e.g. "Good", or "Measuring…" before the first stats. */
export function qualityLabel(quality) {
  return GRADE_TEXT[qualityGrade(quality)] || "Measuring…";
}

/** The numbers behind the grade, for the indicator's title (shown on hover). */
export function qualityDetails(quality) {
  if (!qualityGrade(quality)) return "Call quality: not measured yet";
  const parts = [];
  const add = (key, text) => {
    if (Number.isFinite(quality[key]) && quality[key] >= 0) parts.push(text(quality[key]));
  };
  add("jitterMs", (v) => `jitter ${v} ms`);
  add("packetLossPct", (v) => `packet loss ${v} %`);
  add("rttMs", (v) => `round trip ${v} ms`);
  add("mos", (v) => `MOS ${v}`);
  if (quality.codec) parts.push(quality.codec);
  return `Call quality ${GRADE_TEXT[qualityGrade(quality)].toLowerCase()}: ${parts.join(", ")}`;
}

/** A call's running time: m:ss under an hour (zero-padded to mm:ss), h:mm:ss after. */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor((Number(ms) || 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
