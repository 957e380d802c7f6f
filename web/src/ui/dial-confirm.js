// The question a clicked link asks before it dials: "Call NUMBER from ACCOUNT?" with Call and
// Cancel. Any web page can hand the desktop a sip:/tel: link, so the agent decides (link-policy.js
// says which links the profile lets through without it). One question at a time: a newer link
// replaces an open one, which counts as cancelled, so a page cannot stack up questions.
//
// DOM hooks (stable, for tests): #dial-confirm[role=alertdialog] with [data-role=target],
// [data-role=account], button[data-action=confirm-dial], button[data-action=cancel-dial].

import { replaceChildren } from "./dom.js";

/**
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {HTMLElement} o.container where the question appears (hidden while there is none)
 */
export function createDialConfirm({ h, container }) {
  let open = null;
  container.hidden = true;
  container.addEventListener("keydown", onKeyDown);

  function close(answer) {
    if (!open) return;
    const { resolve } = open;
    open = null;
    replaceChildren(container);
    container.hidden = true;
    resolve(answer);
  }

  /** Escape cancels; Tab stays between the two buttons while the question is open. */
  function onKeyDown(event) {
    if (!open) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close(false);
    } else if (event.key === "Tab") {
      const buttons = [...container.querySelectorAll("button")];
      const at = buttons.indexOf(container.ownerDocument.activeElement);
      const next = buttons[(at + (event.shiftKey ? buttons.length - 1 : 1)) % buttons.length];
      event.preventDefault();
      next.focus();
    }
  }

  return {
    /**
     * Shows the question.
     * @param {{target: string, account: string}} call what would be dialled, and from which account
     * @returns {Promise<boolean>} true when the agent chose Call
     */
    ask({ target, account }) {
      close(false);
      return new Promise((resolve) => {
        open = { resolve };
        const title = h("strong", { id: "dial-confirm-title" }, "Call this number?");
        const details = h(
          "p",
          { id: "dial-confirm-details" },
          "A link asks to call ",
          h("span", { class: "dial-confirm-target", dataset: { role: "target" } }, target),
          " from ",
          h("span", { class: "dial-confirm-account", dataset: { role: "account" } }, account),
          ".",
        );
        const call = h(
          "button",
          { type: "button", class: "button primary", dataset: { action: "confirm-dial" }, onclick: () => close(true) },
          "Call",
        );
        const cancel = h(
          "button",
          { type: "button", class: "button", dataset: { action: "cancel-dial" }, onclick: () => close(false) },
          "Cancel",
        );
        replaceChildren(container, title, details, h("div", { class: "dial-confirm-actions" }, call, cancel));
        container.setAttribute("role", "alertdialog");
        container.setAttribute("aria-labelledby", "dial-confirm-title");
        container.setAttribute("aria-describedby", "dial-confirm-details");
        container.hidden = false;
        // Cancel has the focus: a key pressed while typing elsewhere must not place the call.
        cancel.focus();
      });
    },

    /** True while a question waits for the agent. */
    get pending() {
      return open !== null;
    },

    dispose() {
      close(false);
      container.removeEventListener("keydown", onKeyDown);
    },
  };
}
