// A jsdom window holding the real index.html. jsdom runs no scripts and loads no subresources unless
// asked (runScripts, resources), so the page's <script> and <link> tags stay inert: tests wire the modules.
// jsdom rather than happy-dom: happy-dom 19 and older let page code escape its VM (CVE-2025-61927) and
// happy-dom 20 needs Node 20, while the build must pass on Debian 12's Node 18.

import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const INDEX_HTML = readFileSync(new URL("../../index.html", import.meta.url), "utf8");

export function pageWindow() {
  return new JSDOM(INDEX_HTML, { url: "http://localhost/index.html" }).window;
}

/** Manual timers for the view's countdown. */
export function fakeTimers(start = 1_000_000) {
  let now = start;
  const intervals = new Map();
  let seq = 0;
  return {
    now: () => now,
    setInterval: (fn, ms) => {
      intervals.set(++seq, { fn, ms });
      return seq;
    },
    clearInterval: (id) => intervals.delete(id),
    advance(ms) {
      const end = now + ms;
      while (now < end) {
        now = Math.min(end, now + 1000);
        for (const { fn } of [...intervals.values()]) fn();
      }
    },
    get active() {
      return intervals.size;
    },
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
