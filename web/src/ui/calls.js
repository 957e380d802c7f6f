// The calls panel: a dialer (account, number or SIP URI) and one card per call, with the actions
// its state allows. It renders what the call manager reports and hands the agent's clicks back as
// intents; it never touches SIP.js.
//
// DOM hooks (stable, for tests): #dialer form with select[name=account], input[name=target],
// button[data-action=dial]; article.call-card[data-call-id][data-state][data-direction][data-account]
// [data-held][data-remote-held][data-muted][data-conference] with [data-role=line], [data-role=remote],
// [data-role=status], [data-role=delivery] ("Not delivered"), buttons [data-action=answer|reject|decline|cancel|hangup|hold|resume|mute|unmute|
// keypad|transfer|consult|complete-transfer|cancel-transfer|transfer-to-call|merge|split] (transfer-to-call with
// data-other-call-id, one per other established call), keypad button[data-digit],
// input[name=transfer-target]; #call-history li[data-call-id][data-reason];
// a card or history line whose call cannot reach the records has data-delivery="not-delivered";
// an established call's [data-role=timer] (talk time) and [data-role=quality][data-grade=good|fair|poor]
// (its title holds the numbers).
// The far end's name and URI are text in <bdi> elements (call-text.js).
// The card's pieces: its buttons (call-actions.js), its live timer and quality (call-live.js), its
// keypad and transfer field (call-transfer-controls.js), its texts (call-text.js).

import { replaceChildren } from "./dom.js";
import { actionButtons, callActions } from "./call-actions.js";
import { createCallLive } from "./call-live.js";
import { REASON_TEXT, statusText, who as remoteOf } from "./call-text.js";
import { keypadAndTransfer } from "./call-transfer-controls.js";

const HISTORY_SIZE = 5;
/** Calls remembered as not delivered: more than the cards and history lines that can show them. */
const UNDELIVERED_REMEMBERED = 200;
/**
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {HTMLElement} o.container the #calls section
 * @param {(intent: string, callId?: string, value?: string) => void} o.onIntent dial/answer/... from the agent
 * @param {() => number} [o.now] epoch ms, the clock the calls' answeredAt comes from
 */
export function createCallsView({ h, container, onIntent, now = () => Date.now() }) {
  const accountSelect = h("select", { name: "account", "aria-label": "Call from" });
  const target = h("input", {
    name: "target",
    type: "text",
    placeholder: "Number or SIP address",
    autocomplete: "off",
    "aria-label": "Number to call",
  });
  const dialError = h("p", { class: "field-error", dataset: { role: "dial-error" } });
  const dialer = h(
    "form",
    {
      id: "dialer",
      class: "dialer",
      // Shown once there is an account to call from (setAccounts).
      hidden: true,
      onsubmit: (e) => {
        e.preventDefault();
        dialError.textContent = "";
        const value = target.value.trim();
        if (!value) {
          dialError.textContent = "Enter a number or SIP address.";
          return;
        }
        onIntent("dial", undefined, { target: value, account: accountSelect.value || undefined });
      },
    },
    accountSelect,
    target,
    h("button", { class: "button primary", type: "submit", dataset: { action: "dial" } }, "Call"),
    dialError,
  );
  const list = h("div", { class: "call-list", "aria-live": "polite" });
  const history = h("ul", { id: "call-history", class: "call-history", "aria-label": "Recent calls" });
  replaceChildren(container, dialer, list, history);

  const cards = new Map();
  const keypadOpen = new Set();
  const latest = new Map(); // callId -> the call's last view, for the other cards' transfer-to-call buttons
  const live = createCallLive({ h, now });
  const undelivered = new Map(); // callId -> why

  const who = (call, bracketed) => remoteOf(h, call, bracketed);
  const button = actionButtons(h, onIntent);
  const cardOf = (callId) => cards.get(callId);

  function deliveryBadge(callId) {
    const why = undelivered.get(callId);
    return h("span", { class: "badge not-delivered", dataset: { role: "delivery" }, title: why }, "Not delivered");
  }

  function markNotDelivered(el, callId) {
    el.dataset.delivery = "not-delivered";
    if (!el.querySelector("[data-role=delivery]")) el.append(deliveryBadge(callId));
  }

  function card(call) {
    const el = h("article", { class: "call-card", dataset: { callId: call.callId } });
    cards.set(call.callId, el);
    list.append(el);
    return el;
  }

  function render(call) {
    const el = cards.get(call.callId) || card(call);
    Object.assign(el.dataset, {
      state: call.state,
      direction: call.direction,
      account: call.account,
      held: String(Boolean(call.held)),
      remoteHeld: String(Boolean(call.remoteHeld)),
      muted: String(Boolean(call.muted)),
      conference: String(Boolean(call.conference)),
    });
    const actions = callActions(call, { h, button, onIntent, others: otherEstablished(call) });
    const children = [
      h(
        "div",
        { class: "call-line", dataset: { role: "line" } },
        `${call.direction === "inbound" ? "Incoming on" : "Outgoing from"} ${call.account}`,
      ),
      h("div", { class: "call-remote", dataset: { role: "remote" } }, who(call, true)),
      h("div", { class: "call-status", dataset: { role: "status" } }, statusText(call)),
      ...live.elements(call),
      h("div", { class: "call-actions" }, actions),
    ];
    if (call.state === "established" && keypadOpen.has(call.callId)) {
      children.push(...keypadAndTransfer(h, call.callId, onIntent));
    }
    replaceChildren(el, children);
    if (undelivered.has(call.callId)) markNotDelivered(el, call.callId);
  }

  /** The agent's other established calls not part of a consultation: each can take this call's far end. */
  function otherEstablished(call) {
    return [...latest.values()].filter(
      (c) => c.callId !== call.callId && c.state === "established" && !c.consultFor && !c.consultCall,
    );
  }

  /** The ids of the calls that can be joined, to re-render the other cards when they change. */
  function joinable() {
    return [...latest.values()]
      .filter((c) => c.state === "established" && !c.consultFor && !c.consultCall)
      .map((c) => `${c.callId}${c.conference ? "+" : ""}`)
      .join(",");
  }

  function ended(call) {
    cards.get(call.callId)?.remove();
    cards.delete(call.callId);
    keypadOpen.delete(call.callId);
    live.forget(call.callId);
    const line = h(
      "li",
      { dataset: { callId: call.callId, reason: call.reason, direction: call.direction } },
      `${REASON_TEXT[call.reason] || "Ended"}: `,
      who(call, false),
      call.detail ? ` — ${call.detail}` : call.sipStatus ? ` (${call.sipStatus})` : "",
    );
    if (undelivered.has(call.callId)) markNotDelivered(line, call.callId);
    history.prepend(line);
    while (history.children.length > HISTORY_SIZE) history.lastElementChild.remove();
  }

  return {
    /** The accounts one can call from (registered first). */
    setAccounts(accounts) {
      const current = accountSelect.value;
      // Nothing to call from (first run, no account yet): no dialer at all.
      dialer.hidden = accounts.length === 0;
      replaceChildren(
        accountSelect,
        accounts.map((a) =>
          h("option", { value: a.id }, `${a.id}${a.state === "registered" ? "" : ` (${a.state || "not registered"})`}`),
        ),
      );
      if (accounts.some((a) => a.id === current)) accountSelect.value = current;
    },

    /** A call's new state from the call manager. */
    showCall(call) {
      if (!call?.callId) return;
      const before = joinable();
      if (call.state === "ended") latest.delete(call.callId);
      else latest.set(call.callId, call);
      if (call.state === "ended") ended(call);
      else render(call);
      if (joinable() !== before) {
        for (const other of latest.values()) if (other.callId !== call.callId) render(other);
      }
    },

    toggleKeypad(callId, call) {
      if (keypadOpen.has(callId)) keypadOpen.delete(callId);
      else keypadOpen.add(callId);
      if (call) render(call);
    },

    /** The call will not reach the records (Java or the backend refused one of its events): said on its card. */
    notDelivered(callId, why) {
      if (!callId || undelivered.has(callId)) return;
      undelivered.set(callId, why || "");
      if (undelivered.size > UNDELIVERED_REMEMBERED) undelivered.delete(undelivered.keys().next().value);
      const el = cards.get(callId) || [...history.children].find((li) => li.dataset.callId === callId);
      if (el) markNotDelivered(el, callId);
    },

    /** Advances the talk-time of every established call; false when there is none (the ticker may stop). */
    tick() {
      return live.tick(cardOf);
    },

    /** The call's latest media stats (`stats` quality fields): its indicator follows them. */
    showQuality(callId, quality) {
      live.showQuality(callId, quality, cardOf);
    },

    /** Puts the keyboard in the number field. */
    focusDial() {
      if (dialer.hidden) return false;
      target.focus();
      return true;
    },

    /** Opens the call's transfer field (with the keypad) and puts the keyboard in it. */
    openTransfer(callId, call) {
      if (!call || call.state !== "established") return false;
      if (!keypadOpen.has(callId)) {
        keypadOpen.add(callId);
        render(call);
      }
      cards.get(callId)?.querySelector("input[name=transfer-target]")?.focus();
      return true;
    },

    dialFailed(message) {
      dialError.textContent = message;
    },

    dialed() {
      target.value = "";
      dialError.textContent = "";
    },
  };
}
