// A call card's buttons for its state: answer / busy / decline while ringing, cancel while dialling
// (and complete transfer on a consultation that rings),
// and for an established call hang up, hold or resume, mute or unmute, the keypad, and either the
// consultation's complete / cancel transfer, or Split for a merged call, or Merge (when the agent has
// exactly two calls) and one "Transfer to" button per other established call.

import { shortcutOf } from "./shortcuts.js";
import { who } from "./call-text.js";

/**
 * @param {Function} h element builder
 * @param {(intent: string, callId?: string, value?: string) => void} onIntent
 * @returns {(action: string, label: string, callId: string, kind?: string) => HTMLElement} a
 *   button for one intent, with its keyboard shortcut (shortcuts.js) in its title
 */
export function actionButtons(h, onIntent) {
  return (action, label, callId, kind = "") =>
    h(
      "button",
      {
        type: "button",
        class: `button ${kind}`.trim(),
        dataset: { action },
        "aria-keyshortcuts": shortcutOf(action),
        title: shortcutOf(action) ? `${label} (${shortcutOf(action)})` : undefined,
        onclick: () => onIntent(action, callId),
      },
      label,
    );
}

/**
 * The buttons the call's state allows.
 * @param {object} call the call's view
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {Function} o.button from actionButtons
 * @param {Function} o.onIntent
 * @param {object[]} o.others the other established calls this call's far end can be transferred to
 * @returns {HTMLElement[]}
 */
export function callActions(call, { h, button, onIntent, others }) {
  const actions = [];
  if (call.state === "ringing") {
    actions.push(
      button("answer", call.waiting ? "Answer (hold current)" : "Answer", call.callId, "primary"),
      button("reject", "Busy", call.callId),
      button("decline", "Decline", call.callId, "danger"),
    );
  } else if (call.state === "dialing" || call.state === "ringback") {
    actions.push(button("cancel", "Cancel", call.callId, "danger"));
    // A consultation may be completed before the target answers: the caller then rings the target.
    if (call.consultFor) actions.push(button("complete-transfer", "Complete transfer", call.callId, "primary"));
  } else if (call.state === "established") {
    actions.push(
      button("hangup", "Hang up", call.callId, "danger"),
      call.held ? button("resume", "Resume", call.callId) : button("hold", "Hold", call.callId),
      call.muted ? button("unmute", "Unmute", call.callId) : button("mute", "Mute", call.callId),
      button("keypad", "Keypad", call.callId),
    );
    if (call.conference) {
      actions.push(button("split", "Split", call.callId));
    } else if (call.consultFor || call.consultCall) {
      actions.push(
        button("complete-transfer", "Complete transfer", call.callId, "primary"),
        button("cancel-transfer", "Cancel transfer", call.callId),
      );
    } else {
      if (others.length === 1) actions.push(button("merge", "Merge", call.callId, "primary"));
      for (const other of others) {
        actions.push(
          h(
            "button",
            {
              type: "button",
              class: "button",
              dataset: { action: "transfer-to-call", otherCallId: other.callId },
              onclick: () => onIntent("transfer-to-call", call.callId, other.callId),
            },
            "Transfer to ",
            who(h, other, false),
          ),
        );
      }
    }
  }
  return actions;
}
