// The top bar's availability control: one short label (Available, DND, After-call work, or "DND 1/3"
// when only some accounts are in it; each account's state in the tooltip) that opens a small menu: Do not disturb for all
// accounts, Available for all, and one checkbox per account. Renders and reports only.
//
// DOM hooks (stable, for tests): details#availability[data-state] > summary; button[data-action=dnd-all|available-all];
// input[type=checkbox][data-dnd-account].

import { replaceChildren } from "./dom.js";

const LABEL = { available: "Available", dnd: "Do not disturb", "after-call-work": "After-call work" };
// The chip's text: "DND", as softphones and agents say it, keeps the top bar on one line at 440 px.
const CHIP = { ...LABEL, dnd: "DND" };

/**
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {HTMLElement} o.element the <details> in the top bar
 * @param {(dnd: boolean, account?: string) => void} o.onSet the agent turned Do not disturb on or off
 */
export function createAvailabilityControl({ h, element, onSet }) {
  const summary = h("summary", { class: "availability-summary", title: "Availability" });
  const menu = h("div", { class: "availability-menu", role: "group", "aria-label": "Availability" });
  replaceChildren(element, summary, menu);

  return {
    /** @param {{id: string, state: string}[]} accounts each configured account's availability */
    show(accounts) {
      const dnd = accounts.filter((a) => a.state === "dnd").length;
      const acw = accounts.some((a) => a.state === "after-call-work");
      const state =
        dnd > 0 && dnd === accounts.length ? "dnd" : dnd > 0 ? "some-dnd" : acw ? "after-call-work" : "available";
      element.dataset.state = state;
      element.hidden = accounts.length === 0;
      summary.textContent = state === "some-dnd" ? `DND ${dnd}/${accounts.length}` : CHIP[state];
      summary.title = accounts.map((a) => `${a.id}: ${LABEL[a.state] || a.state}`).join("\n");
      replaceChildren(
        menu,
        h(
          "button",
          { class: "button ghost", type: "button", dataset: { action: "dnd-all" }, onclick: () => onSet(true) },
          "Do not disturb: all accounts",
        ),
        h(
          "button",
          { class: "button ghost", type: "button", dataset: { action: "available-all" }, onclick: () => onSet(false) },
          "Available: all accounts",
        ),
        accounts.map((a) =>
          h(
            "label",
            { class: "availability-account" },
            h("input", {
              type: "checkbox",
              checked: a.state === "dnd",
              dataset: { dndAccount: a.id },
              onchange: (event) => onSet(event.target.checked, a.id),
            }),
            ` ${a.id}: Do not disturb`,
            a.state === "after-call-work" ? " (after-call work now)" : "",
          ),
        ),
      );
    },
  };
}
