// The window's keyboard: shortcuts for the call actions, digits as DTMF tones during a call, and
// the "?" overlay that lists them. It turns key presses into actions ("answer", "dtmf", ...);
// page-keys.js decides which call an action applies to.
//
// Letters go with Alt, so they work wherever the focus is (typing a note included) and never
// collide with text; digits, "?" and "/" act only when the focus is not in a text field, since
// there they are text. Alt+letter is free in the window: it has no menu bar.
//
// DOM hooks: #shortcuts (the overlay, role=dialog) with li[data-shortcut=action]; #shortcuts-toggle.

/** Every shortcut, in the order the overlay lists them. `code` is the physical key with Alt. */
export const SHORTCUTS = Object.freeze([
  { action: "answer", keys: "Alt+A", code: "KeyA", text: "Answer the ringing call" },
  { action: "decline", keys: "Alt+D", code: "KeyD", text: "Decline the ringing call" },
  { action: "hangup", keys: "Alt+H", code: "KeyH", text: "Hang up, or cancel the call being placed" },
  { action: "mute", keys: "Alt+M", code: "KeyM", text: "Mute or unmute your microphone" },
  { action: "hold", keys: "Alt+O", code: "KeyO", text: "Put the call on hold, or resume it" },
  { action: "transfer", keys: "Alt+T", code: "KeyT", text: "Transfer: go to the transfer field" },
  { action: "focus-dial", keys: "Alt+L", code: "KeyL", text: "Go to the number field (also /)" },
  { action: "dtmf", keys: "0–9 * #", text: "Send a tone during a call (outside a text field)" },
  { action: "help", keys: "?", text: "Show this list" },
  { action: "close", keys: "Esc", text: "Close this list" },
]);

/** The buttons that do what a shortcut does carry its keys (aria-keyshortcuts, title). */
const BUTTON_SHORTCUTS = {
  answer: "Alt+A",
  decline: "Alt+D",
  hangup: "Alt+H",
  cancel: "Alt+H",
  mute: "Alt+M",
  unmute: "Alt+M",
  hold: "Alt+O",
  resume: "Alt+O",
};

/** The keys of the shortcut that does what a call card's button does, or undefined. */
export function shortcutOf(buttonAction) {
  return BUTTON_SHORTCUTS[buttonAction];
}

const DTMF_KEY = /^[0-9*#]$/;

/** Where keys are text: digits, "?" and "/" typed there stay text. */
export function isTextEntry(el) {
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toLowerCase();
  if (tag === "textarea" || tag === "select") return true;
  if (tag !== "input") return false;
  return !["button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image"].includes(
    (el.getAttribute("type") || "text").toLowerCase(),
  );
}

/**
 * What a keydown means, or undefined: {action} or {action: "dtmf", digit}.
 * @param {KeyboardEvent} event
 * @param {{overlayOpen?: boolean}} [state]
 */
export function keyAction(event, { overlayOpen = false } = {}) {
  if (event.defaultPrevented || event.isComposing || event.repeat) return undefined;
  if (event.key === "Escape") return overlayOpen ? { action: "close" } : undefined;
  if (event.ctrlKey || event.metaKey) return undefined;
  if (event.altKey) {
    const key = typeof event.key === "string" ? event.key.toLowerCase() : "";
    const found = SHORTCUTS.find((s) => s.code && (s.code === event.code || `key${key}` === s.code.toLowerCase()));
    return found ? { action: found.action } : undefined;
  }
  if (isTextEntry(event.target)) return undefined;
  if (event.key === "?") return { action: "help" };
  if (event.key === "/") return { action: "focus-dial" };
  if (DTMF_KEY.test(event.key)) return { action: "dtmf", digit: event.key };
  return undefined;
}

/**
 * The "?" overlay listing SHORTCUTS. Opened by "?" or its button, closed by Esc, its Close
 * button or the button again; the focus goes back where it was.
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {Document} o.doc
 * @param {HTMLElement} [o.toggle] the top bar's "?" button
 */
export function createShortcutsOverlay({ h, doc, toggle }) {
  let returnFocus = null;
  const closeButton = h("button", { type: "button", class: "button", dataset: { action: "close-shortcuts" } }, "Close");
  const overlay = h(
    "section",
    {
      id: "shortcuts",
      class: "shortcuts-overlay",
      role: "dialog",
      "aria-modal": "true",
      "aria-labelledby": "shortcuts-title",
      hidden: true,
    },
    h(
      "div",
      { class: "shortcuts-panel panel" },
      h("h2", { id: "shortcuts-title" }, "Keyboard shortcuts"),
      h(
        "ul",
        { class: "shortcut-list" },
        SHORTCUTS.map((s) => h("li", { dataset: { shortcut: s.action } }, h("kbd", {}, s.keys), h("span", {}, s.text))),
      ),
      closeButton,
    ),
  );
  doc.body.append(overlay);
  closeButton.addEventListener("click", () => close());
  // A click on the dimmed backdrop (outside the panel) closes it too.
  overlay.addEventListener("click", (e) => {
    if (e.target === overlay) close();
  });
  toggle?.addEventListener("click", () => (overlay.hidden ? open() : close()));

  function open() {
    if (!overlay.hidden) return;
    returnFocus = doc.activeElement;
    overlay.hidden = false;
    toggle?.setAttribute("aria-expanded", "true");
    closeButton.focus();
  }

  function close() {
    if (overlay.hidden) return;
    overlay.hidden = true;
    toggle?.setAttribute("aria-expanded", "false");
    if (returnFocus && typeof returnFocus.focus === "function" && returnFocus.isConnected) returnFocus.focus();
    returnFocus = null;
  }

  return {
    element: overlay,
    open,
    close,
    get isOpen() {
      return !overlay.hidden;
    },
  };
}
