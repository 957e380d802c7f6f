// The call history panel: the recent calls Java keeps (newest first, across restarts), a search
// over party, number and account, one-click redial on the same account, and the count of missed
// calls not yet seen on the top bar's History button. Renders and reports only.
//
// DOM hooks (stable, for tests): button#history-toggle[aria-expanded] with span[data-role=missed-count];
// section#history with input[name=history-search], li[data-call-id][data-missed][data-direction], button[data-action=redial].

import { replaceChildren } from "./dom.js";

const REASON_TEXT = {
  completed: "Completed",
  missed: "Missed",
  rejected: "Declined",
  busy: "Busy",
  cancelled: "Cancelled",
  failed: "Failed",
};
const UNAVAILABLE_TEXT = { dnd: "Do not disturb", "after-call-work": "after-call work" };
// What Date.prototype.toLocaleString() shows (ECMA-402 ToDateTimeOptions "any", "all"), made once:
// toLocaleString builds a new ICU formatter at every call, and the list has up to 500 lines.
const STARTED_AT_FIELDS = {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
};

/** One formatter for every line; a WebKit without Intl falls back to toLocaleString. */
function startedAtFormat() {
  if (typeof Intl === "object" && typeof Intl.DateTimeFormat === "function") {
    const format = new Intl.DateTimeFormat(undefined, STARTED_AT_FIELDS);
    return (date) => format.format(date);
  }
  return (date) => date.toLocaleString();
}

/**
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {HTMLElement} o.toggle the top bar's History button
 * @param {HTMLElement} o.panel the history section (hidden until opened)
 * @param {(entry: object) => void} o.onRedial call the entry's party again from its account
 * @param {() => void} o.onSeen the agent opened the history: the missed calls are seen
 */
export function createHistoryView({ h, toggle, panel, onRedial, onSeen }) {
  let entries = [];
  const startedAt = startedAtFormat();
  const count = h("span", { class: "missed-count", dataset: { role: "missed-count" }, hidden: true });
  replaceChildren(toggle, "History", count);
  const search = h("input", {
    name: "history-search",
    type: "search",
    placeholder: "Search name, number or account",
    "aria-label": "Search the history",
    autocomplete: "off",
    oninput: () => render(),
  });
  const list = h("ul", { class: "history-list", "aria-label": "Call history" });
  replaceChildren(panel, search, list);
  panel.hidden = true;
  toggle.setAttribute("aria-expanded", "false");
  toggle.addEventListener("click", () => setOpen(panel.hidden));

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      render();
      onSeen();
    }
  }

  function matches(entry, query) {
    if (!query) return true;
    const haystack = [entry.remoteName, entry.remoteUri, entry.accountId].filter(Boolean).join(" ").toLowerCase();
    return query
      .toLowerCase()
      .split(/\s+/)
      .every((word) => haystack.includes(word));
  }

  function outcome(entry) {
    if (!entry.endedAt) return "In progress";
    let text = REASON_TEXT[entry.reason] || entry.reason || "Ended";
    if (entry.unavailable) text += ` (${UNAVAILABLE_TEXT[entry.unavailable] || entry.unavailable}, ${entry.sipStatus})`;
    if (entry.disposition) text += ` · ${entry.disposition}`;
    return text;
  }

  function talk(seconds) {
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }

  function line(entry) {
    const when = new Date(entry.startedAt);
    return h(
      "li",
      { dataset: { callId: entry.callId, missed: String(Boolean(entry.missed)), direction: entry.direction } },
      h(
        "span",
        { class: "history-direction", "aria-label": entry.direction },
        entry.direction === "inbound" ? "↙" : "↗",
      ),
      h("bdi", { class: "history-party", title: entry.remoteUri }, entry.remoteName || entry.remoteUri),
      h("span", { class: "history-account" }, entry.accountId),
      h("time", { datetime: entry.startedAt }, Number.isNaN(when.getTime()) ? entry.startedAt : startedAt(when)),
      h("span", { class: "history-talk", title: "Talk time" }, talk(entry.talkSeconds || 0)),
      h("span", { class: "history-outcome" }, outcome(entry)),
      h(
        "button",
        {
          class: "button ghost",
          type: "button",
          dataset: { action: "redial" },
          "aria-label": `Call ${entry.remoteName || entry.remoteUri} from ${entry.accountId}`,
          onclick: () => onRedial(entry),
        },
        "Call",
      ),
    );
  }

  function render() {
    const query = search.value.trim();
    const shown = entries.filter((e) => matches(e, query));
    replaceChildren(
      list,
      shown.length
        ? shown.map(line)
        : h("li", { class: "history-empty" }, query ? "No call matches." : "No calls yet."),
    );
  }

  return {
    /** Java's `history` message. */
    show(message) {
      entries = Array.isArray(message.entries) ? message.entries : [];
      const unseen = Number.isInteger(message.unseenMissed) ? message.unseenMissed : 0;
      count.textContent = unseen > 0 ? String(unseen) : "";
      count.hidden = unseen === 0;
      toggle.setAttribute("aria-label", unseen > 0 ? `History, ${unseen} missed` : "History");
      // A closed panel is drawn when it opens: Java sends the whole history after every call.
      if (!panel.hidden) render();
    },

    setOpen,
  };
}
