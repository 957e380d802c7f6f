// A happy-dom window holding the real index.html (scripts not run: tests wire the modules).

import { readFileSync } from "node:fs";
import { Window } from "happy-dom";

const INDEX_HTML = readFileSync(new URL("../../index.html", import.meta.url), "utf8");

export function pageWindow() {
  const window = new Window({
    url: "http://localhost/index.html",
    settings: { disableJavaScriptFileLoading: true, disableJavaScriptEvaluation: true, disableCSSFileLoading: true },
  });
  window.document.write(INDEX_HTML);
  return window;
}

/** Manual timers for the view's countdown. */
export function fakeTimers(start = 1_000_000) {
  let now = start;
  const intervals = new Map();
  let seq = 0;
  return {
    now: () => now,
    setInterval: (fn, ms) => { intervals.set(++seq, { fn, ms }); return seq; },
    clearInterval: (id) => intervals.delete(id),
    advance(ms) {
      const end = now + ms;
      while (now < end) {
        now = Math.min(end, now + 1000);
        for (const { fn } of [...intervals.values()]) fn();
      }
    },
    get active() { return intervals.size; },
  };
}

export const card = (doc, id) => doc.querySelector(`[data-account="${id}"]`);
export const text = (el, role) => el.querySelector(`[data-role="${role}"]`).textContent;

export function typeInto(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const el = form.querySelector(`[name="${name}"]`);
    if (el.type === "checkbox") el.checked = Boolean(value);
    else el.value = value;
  }
}

export function submit(form) {
  form.dispatchEvent(new form.ownerDocument.defaultView.Event("submit", { cancelable: true, bubbles: true }));
}
