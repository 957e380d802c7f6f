// Wiring of availability and the call history into the page (kept apart from page.js): the
// Availability model the call manager asks before a call rings, the top bar's availability control
// and History button, and the messages that reach them (bridge-protocol.md, "Availability", "History").

import { Availability } from "./availability.js";
import { createAvailabilityControl } from "./ui/availability-control.js";
import { createHistoryView } from "./ui/history.js";
import { elementBuilder } from "./ui/dom.js";

/**
 * @param {object} o
 * @param {object} o.win the window (document)
 * @param {object} o.bridge
 * @param {object} o.logger
 * @param {(target: string, account: string) => void} o.redial calls a history entry's party from its account
 * @param {(key: string, text: string, kind?: string) => void} [o.showNotice]
 */
export function createAvailabilityWiring({ win, bridge, logger, redial, showNotice = () => {} }) {
  const log = logger.child ? logger.child("availability") : logger;
  const doc = win.document;
  const h = elementBuilder(doc);
  const topbar = doc.querySelector(".topbar");
  // Before the top bar's buttons (shortcuts, settings), beside the status it qualifies.
  const settingsToggle = doc.getElementById("shortcuts-toggle") || doc.getElementById("settings-toggle");
  const place = (el) => (settingsToggle ? settingsToggle.before(el) : topbar?.append(el));

  let accounts = [];
  const controlElement =
    doc.getElementById("availability") || h("details", { id: "availability", class: "availability" });
  if (!controlElement.isConnected) place(controlElement);
  const control = createAvailabilityControl({
    h,
    element: controlElement,
    onSet: (dnd, account) => bridge.send({ type: "availability-set", dnd, ...(account ? { account } : {}) }),
  });

  const model = new Availability({
    onChange: () => control.show(accounts.map((id) => ({ id, state: model.stateOf(id) }))),
    onAfterCallWork: (ids) => bridge.send({ type: "after-call-work", accounts: ids }),
  });

  const toggle =
    doc.getElementById("history-toggle") ||
    h("button", { id: "history-toggle", class: "button ghost", type: "button", "aria-controls": "history" });
  if (!toggle.isConnected) place(toggle);
  let panel = doc.getElementById("history");
  if (!panel) {
    panel = h("section", { id: "history", class: "panel history", "aria-label": "Call history" });
    const calls = doc.getElementById("calls");
    if (calls) calls.after(panel);
    else doc.querySelector("main")?.append(panel);
  }
  const history = createHistoryView({
    h,
    toggle,
    panel,
    onRedial: (entry) => {
      try {
        redial(entry.remoteUri, entry.accountId);
        showNotice("redial", "");
      } catch (error) {
        log.warn(`redial ${entry.remoteUri}: ${error.message}`);
        showNotice("redial", `Could not call ${entry.remoteName || entry.remoteUri}: ${error.message}`, "error");
      }
    },
    onSeen: () => bridge.send({ type: "history-seen" }),
  });

  bridge.on("availability", (message) => model.setDnd(message.dnd));
  bridge.on("history", (message) => history.show(message));
  bridge.on("config", (config) => {
    accounts = (config.accounts || []).map((a) => a.id);
    model.setConfig(config);
  });

  return {
    model,
    history,
    /** After the page said ready: the history Java keeps. */
    start() {
      bridge.send({ type: "history-request" });
    },
  };
}
