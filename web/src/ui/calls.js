// The calls panel: a dialer (account, number or SIP URI) and one card per call, with the actions
// its state allows. It renders what the call manager reports and hands the agent's clicks back as
// intents; it never touches SIP.js.
//
// DOM hooks (stable, for tests): #dialer form with select[name=account], input[name=target],
// button[data-action=dial]; article.call-card[data-call-id][data-state][data-direction][data-account]
// [data-held][data-remote-held][data-muted] with [data-role=line], [data-role=remote],
// [data-role=status], [data-role=delivery] ("Not delivered"), buttons [data-action=answer|reject|decline|cancel|hangup|hold|resume|mute|unmute|
// keypad|transfer], keypad button[data-digit], input[name=transfer-target]; #call-history li[data-call-id][data-reason];
// a card or history line whose call cannot reach the records has data-delivery="not-delivered";
// an established call's [data-role=timer] (talk time) and [data-role=quality][data-grade=good|fair|poor]
// (its title holds the numbers).
// The far end's name and URI are text in <bdi> elements: a right-to-left override in a caller's
// name stays inside it instead of reordering the rest of the line.

import { replaceChildren } from "./dom.js";
import { shortcutOf } from "./shortcuts.js";
import { formatDuration, qualityDetails, qualityGrade, qualityLabel } from "./call-quality.js";

const HISTORY_SIZE = 5;
/** Calls remembered as not delivered: more than the cards and history lines that can show them. */
const UNDELIVERED_REMEMBERED = 200;
const KEYPAD = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

const REASON_TEXT = {
  completed: "Call ended",
  missed: "Missed call",
  rejected: "Declined",
  busy: "Busy",
  cancelled: "Cancelled",
  failed: "Call failed",
};

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
  /** callId -> {answeredAt, quality} of established calls: what the timer and the indicator show. */
  const live = new Map();
  const undelivered = new Map(); // callId -> why

  function who(call, bracketed) {
    const uri = h("bdi", { dataset: { role: "remote-uri" } }, call.remote);
    if (!call.remoteDisplayName) return [uri];
    const name = h("bdi", { dataset: { role: "remote-name" } }, call.remoteDisplayName);
    return bracketed ? [name, " <", uri, ">"] : [name];
  }

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

  function button(action, label, callId, kind = "") {
    return h(
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

  function liveInfo(call) {
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
    });
    const actions = [];
    if (call.state === "ringing") {
      actions.push(
        button("answer", call.waiting ? "Answer (hold current)" : "Answer", call.callId, "primary"),
        button("reject", "Busy", call.callId),
        button("decline", "Decline", call.callId, "danger"),
      );
    } else if (call.state === "dialing" || call.state === "ringback") {
      actions.push(button("cancel", "Cancel", call.callId, "danger"));
    } else if (call.state === "established") {
      actions.push(
        button("hangup", "Hang up", call.callId, "danger"),
        call.held ? button("resume", "Resume", call.callId) : button("hold", "Hold", call.callId),
        call.muted ? button("unmute", "Unmute", call.callId) : button("mute", "Mute", call.callId),
        button("keypad", "Keypad", call.callId),
      );
    }
    const children = [
      h(
        "div",
        { class: "call-line", dataset: { role: "line" } },
        `${call.direction === "inbound" ? "Incoming on" : "Outgoing from"} ${call.account}`,
      ),
      h("div", { class: "call-remote", dataset: { role: "remote" } }, who(call, true)),
      h("div", { class: "call-status", dataset: { role: "status" } }, statusText(call)),
      ...liveInfo(call),
      h("div", { class: "call-actions" }, actions),
    ];
    if (call.state === "established" && keypadOpen.has(call.callId)) {
      const transferTarget = h("input", {
        name: "transfer-target",
        type: "text",
        placeholder: "Transfer to",
        "aria-label": "Transfer to",
      });
      children.push(
        h(
          "div",
          { class: "keypad", dataset: { role: "keypad" } },
          KEYPAD.map((digit) =>
            h(
              "button",
              {
                type: "button",
                class: "button key",
                dataset: { digit },
                onclick: () => onIntent("dtmf", call.callId, digit),
              },
              digit,
            ),
          ),
        ),
        h(
          "div",
          { class: "transfer" },
          transferTarget,
          h(
            "button",
            {
              type: "button",
              class: "button",
              dataset: { action: "transfer" },
              onclick: () =>
                transferTarget.value.trim() && onIntent("transfer", call.callId, transferTarget.value.trim()),
            },
            "Transfer",
          ),
        ),
      );
    }
    replaceChildren(el, children);
    if (undelivered.has(call.callId)) markNotDelivered(el, call.callId);
  }

  function ended(call) {
    cards.get(call.callId)?.remove();
    cards.delete(call.callId);
    keypadOpen.delete(call.callId);
    live.delete(call.callId);
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
      if (call.state === "ended") ended(call);
      else render(call);
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
      for (const [callId] of live) {
        const el = cards.get(callId)?.querySelector("[data-role=timer]");
        if (el) el.textContent = timerText(callId);
      }
      return live.size > 0;
    },

    /** The call's latest media stats (`stats` quality fields): its indicator follows them. */
    showQuality(callId, quality) {
      const info = live.get(callId);
      if (!info) return;
      info.quality = quality;
      const el = cards.get(callId)?.querySelector("[data-role=quality]");
      if (el) showGrade(el, quality);
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

function statusText(call) {
  const parts = [];
  switch (call.state) {
    case "ringing":
      parts.push(call.waiting ? "Call waiting" : "Ringing");
      break;
    case "dialing":
      parts.push("Calling…");
      break;
    case "ringback":
      parts.push("Ringing at the other end");
      break;
    case "established":
      parts.push(call.held ? "On hold" : "In call");
      break;
    default:
      parts.push(call.state);
  }
  if (call.referredBy) parts.push("placed at the other side's request (REFER)");
  if (call.remoteHeld) parts.push("the other side put you on hold");
  if (call.muted) parts.push("muted");
  if (call.signalling === "restoring") parts.push("reconnecting…");
  if (call.media === "disconnected") parts.push("audio interrupted");
  if (call.notice) parts.push(call.notice);
  return parts.join(" · ");
}
