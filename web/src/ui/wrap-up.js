// Wrap-up forms, one per ended call: disposition (the profile's list), notes, a Done button and
// the time left on the profile's wrap-up timer. Renders and reports only; call-events.js decides.

import { replaceChildren } from "./dom.js";

/**
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {HTMLElement} o.container
 * @param {(callId: string, values: {disposition?: string, notes?: string}) => void} o.onSubmit
 * @param {(callId: string, values: object) => void} o.onDraft every edit, so the timer sends what was typed
 * @param {() => number} o.now
 */
export function createWrapUpView({ h, container, onSubmit, onDraft, now }) {
  const forms = new Map();

  function values(form) {
    const disposition = form.querySelector("select")?.value || undefined;
    const notes = form.querySelector("textarea").value || undefined;
    return { disposition, notes };
  }

  function remaining(deadline) {
    const s = Math.max(0, Math.ceil((deadline - now()) / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left`;
  }

  return {
    show({ callId, remote, dispositions, deadline }) {
      const select =
        dispositions.length === 0
          ? null
          : h(
              "select",
              { name: "disposition", "aria-label": "Disposition" },
              h("option", { value: "" }, "Choose a disposition…"),
              dispositions.map((d) => h("option", { value: d }, d)),
            );
      const timer = deadline ? h("span", { class: "wrapup-timer", dataset: { deadline } }, remaining(deadline)) : null;
      const form = h(
        "form",
        { class: "panel wrapup", dataset: { callId } },
        h("div", { class: "wrapup-head" }, h("strong", {}, `Wrap-up: ${remote || "call"}`), timer),
        select,
        h("textarea", { name: "notes", rows: "3", maxlength: "4000", placeholder: "Notes", "aria-label": "Notes" }),
        h("button", { class: "button", type: "submit" }, "Done"),
      );
      form.addEventListener("input", () => onDraft(callId, values(form)));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        onSubmit(callId, values(form));
      });
      forms.set(callId, form);
      container.append(form);
    },

    remove(callId) {
      forms.get(callId)?.remove();
      forms.delete(callId);
    },

    /** Updates the countdowns (once a second while forms are open); false when none is left. */
    tick() {
      for (const form of forms.values()) {
        const timer = form.querySelector(".wrapup-timer");
        if (timer) replaceChildren(timer, remaining(Number(timer.dataset.deadline)));
      }
      return forms.size > 0;
    },
  };
}
