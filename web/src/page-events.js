// Wiring of the call events into the page (kept apart from page.js): the call-events object the
// call code reports to, the wrap-up forms, and the backend status in the top bar.

import { createCallEvents } from "./call-events.js";
import { eventClock } from "./clock.js";
import { createBackendStatusView } from "./ui/backend-status.js";
import { elementBuilder } from "./ui/dom.js";
import { createWrapUpView } from "./ui/wrap-up.js";

/** Used when the config says nothing: a minute to wrap up, free notes only. */
export const DEFAULT_WRAP_UP = Object.freeze({ seconds: 60, dispositions: [] });

/**
 * @param {object} o
 * @param {object} o.win the window (document, crypto)
 * @param {object} o.bridge
 * @param {object} o.logger
 * @param {(key: string, text: string, kind?: string) => void} o.showNotice
 * @param {(key: string, text: string) => void} [o.showDetail] the administrator's side of a notice (Settings)
 * @param {object} [o.clock] event times never go backwards (clock.js eventClock)
 * @param {(callId: string, why: string) => void} [o.onNotDelivered] a call that will not reach the
 *   records: Java refused one of its events, or the backend did (backend-status `undelivered`)
 * @param {object} [o.availability] told when wrap-up forms open and close: after-call work (availability.js)
 */
export function createEventsWiring({
  win,
  bridge,
  logger,
  showNotice,
  showDetail = () => {},
  clock = eventClock(),
  onNotDelivered = () => {},
  availability,
}) {
  const doc = win.document;
  const h = elementBuilder(doc);
  const profiles = new Map();
  const wrapUps = slot("wrapups", "section", () => doc.querySelector("main"), "wrapups");
  const statusElement = slot("backend-status", "div", () => doc.querySelector(".topbar"), "backend-status");
  const status = createBackendStatusView({ element: statusElement, showNotice, showDetail });
  let ticker = null;

  const view = createWrapUpView({
    h,
    container: wrapUps,
    now: () => clock.now(),
    onSubmit: (callId, values) => events.wrapup(callId, values),
    onDraft: (callId, values) => events.draft(callId, values),
  });

  const events = createCallEvents({
    bridge,
    clock,
    logger,
    crypto: win.crypto,
    wrapUpSettings: (profile) => profiles.get(profile) || DEFAULT_WRAP_UP,
    onWrapUpStart: (wrapUp) => {
      view.show(wrapUp);
      availability?.wrapUpStarted(wrapUp.callId, wrapUp.account);
      if (wrapUp.deadline && ticker === null) {
        ticker = win.setInterval(() => {
          if (!view.tick()) {
            win.clearInterval(ticker);
            ticker = null;
          }
        }, 1000);
      }
    },
    onWrapUpEnd: (callId) => {
      view.remove(callId);
      availability?.wrapUpEnded(callId);
    },
    onNotDelivered,
  });

  bridge.on("backend-status", (message) => {
    status.show(message);
    for (const callId of Array.isArray(message.undelivered) ? message.undelivered : []) {
      onNotDelivered(
        callId,
        "This call is not in the call records yet; your administrator can resend it (details in Settings).",
      );
    }
  });
  bridge.on("outbox-status", (message) => status.outbox(message));
  bridge.on("config", (config) => {
    profiles.clear();
    for (const p of config.profiles || []) {
      profiles.set(p.name, {
        seconds: Number.isFinite(p.wrapUpSeconds) ? p.wrapUpSeconds : DEFAULT_WRAP_UP.seconds,
        dispositions: Array.isArray(p.dispositions) ? p.dispositions : [],
      });
    }
  });

  function slot(id, tag, parent, className) {
    let el = doc.getElementById(id);
    if (!el) {
      el = doc.createElement(tag);
      el.id = id;
      el.className = className;
      parent()?.append(el);
    }
    return el;
  }

  return { events };
}
