// An established call's live line on its card: the talk-time timer and the quality indicator
// (call-quality.js grades the media stats; its title holds the numbers). Remembers, per established
// call, when it was answered and its latest quality, so a re-rendered card shows the same.

import { formatDuration, qualityDetails, qualityGrade, qualityLabel } from "./call-quality.js";

/**
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {() => number} o.now epoch ms, the clock the calls' answeredAt comes from
 */
export function createCallLive({ h, now }) {
  /** callId -> {answeredAt, quality} of established calls: what the timer and the indicator show. */
  const live = new Map();

  function timerText(callId) {
    const answeredAt = live.get(callId)?.answeredAt;
    return formatDuration(Number.isFinite(answeredAt) ? now() - answeredAt : 0);
  }

  function showGrade(el, quality) {
    const grade = qualityGrade(quality);
    if (grade) el.dataset.grade = grade;
    else delete el.dataset.grade;
    el.title = qualityDetails(quality);
    el.setAttribute("aria-label", el.title);
    el.lastChild.textContent = qualityLabel(quality);
  }

  return {
    /** The card's live line for the call: none unless it is established. */
    elements(call) {
      if (call.state !== "established") {
        live.delete(call.callId);
        return [];
      }
      const info = live.get(call.callId) || { quality: undefined };
      info.answeredAt = Number.isFinite(call.answeredAt) ? call.answeredAt : (info.answeredAt ?? now());
      live.set(call.callId, info);
      const timer = h("span", { class: "call-timer", dataset: { role: "timer" } }, timerText(call.callId));
      const quality = h(
        "span",
        { class: "call-quality", dataset: { role: "quality" }, tabindex: "0" },
        h("span", { class: "quality-dot", "aria-hidden": "true" }),
        h("span", {}, ""),
      );
      showGrade(quality, info.quality);
      return [h("div", { class: "call-live" }, timer, quality)];
    },

    forget(callId) {
      live.delete(callId);
    },

    /**
     * Advances the timer of every established call on its card; false when there is none.
     * @param {(callId: string) => HTMLElement|undefined} cardOf
     */
    tick(cardOf) {
      for (const [callId] of live) {
        const el = cardOf(callId)?.querySelector("[data-role=timer]");
        if (el) el.textContent = timerText(callId);
      }
      return live.size > 0;
    },

    /** The call's latest quality: remembered, and shown on its card's indicator. */
    showQuality(callId, quality, cardOf) {
      const info = live.get(callId);
      if (!info) return;
      info.quality = quality;
      const el = cardOf(callId)?.querySelector("[data-role=quality]");
      if (el) showGrade(el, quality);
    },
  };
}
