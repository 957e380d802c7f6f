// Wiring of the window's keyboard (ui/shortcuts.js) to the calls: which call a shortcut acts on,
// and the "?" overlay. page-calls.js creates it with the call manager's getter and the calls view.

import { CallState } from "./call-rules.js";
import { createShortcutsOverlay, keyAction } from "./ui/shortcuts.js";

/**
 * @param {object} o
 * @param {Document} o.doc
 * @param {Function} o.h element builder
 * @param {() => object|null} o.manager the call manager, once there is one
 * @param {object} o.view the calls view (focusDial, openTransfer)
 * @param {(intent: string, callId?: string, value?: string) => unknown} o.onIntent the calls' intents
 * @returns {{overlay, dispose: () => void}}
 */
export function createKeyWiring({ doc, h, manager, view, onIntent }) {
  const overlay = createShortcutsOverlay({ h, doc, toggle: doc.getElementById("shortcuts-toggle") });

  function onKeyDown(event) {
    if (overlay.isOpen && event.key === "Tab") {
      // The overlay is modal: the keyboard stays in it (its one button) until it closes.
      event.preventDefault();
      overlay.element.querySelector("button")?.focus();
      return;
    }
    const found = keyAction(event, { overlayOpen: overlay.isOpen });
    if (!found) return;
    if (run(found) !== false) event.preventDefault();
  }

  /** Runs a key's action; false when it did nothing (the key then keeps its usual meaning). */
  function run({ action, digit }) {
    if (action === "help") return overlay.open();
    if (action === "close") return overlay.close();
    if (action === "focus-dial") return view.focusDial();
    const calls = manager()?.calls() || [];
    const ringing = calls.find((c) => c.state === CallState.RINGING);
    const established = calls.filter((c) => c.state === CallState.ESTABLISHED);
    // The call the agent talks to: the newest one not on hold, else the newest established.
    const current = established.filter((c) => !c.held).at(-1) || established.at(-1);
    switch (action) {
      case "answer":
        return ringing ? onIntent("answer", ringing.callId) : false;
      case "decline":
        return ringing ? onIntent("decline", ringing.callId) : false;
      case "hangup": {
        if (current) return onIntent("hangup", current.callId);
        const placing = calls.filter((c) => c.state === CallState.DIALING || c.state === CallState.RINGBACK).at(-1);
        return placing ? onIntent("cancel", placing.callId) : false;
      }
      case "mute":
        return current ? onIntent(current.muted ? "unmute" : "mute", current.callId) : false;
      case "hold":
        return current ? onIntent(current.held ? "resume" : "hold", current.callId) : false;
      case "transfer":
        return current ? view.openTransfer(current.callId, current) : false;
      case "dtmf":
        // Tones go to a call the far end hears: not one on hold.
        return current && !current.held ? onIntent("dtmf", current.callId, digit) : false;
      default:
        return false;
    }
  }

  doc.addEventListener("keydown", onKeyDown);
  return {
    overlay,
    dispose: () => doc.removeEventListener("keydown", onKeyDown),
  };
}
