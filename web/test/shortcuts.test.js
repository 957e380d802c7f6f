// The window's keyboard (ui/shortcuts.js, page-keys.js) in jsdom on index.html: shortcuts reach
// the right call, digits become DTMF only outside text fields and during a call, the "?" overlay
// opens and closes, and the dialer and transfer field take the focus.

import { test } from "node:test";
import assert from "node:assert/strict";
import { pageWindow } from "./support/dom.js";
import { elementBuilder } from "../src/ui/dom.js";
import { createCallsView } from "../src/ui/calls.js";
import { createKeyWiring } from "../src/page-keys.js";
import { SHORTCUTS, isTextEntry, keyAction } from "../src/ui/shortcuts.js";

function setup(calls = []) {
  const win = pageWindow();
  const doc = win.document;
  const h = elementBuilder(doc);
  const intents = [];
  const onIntent = (...args) => {
    intents.push(args);
  };
  const view = createCallsView({ h, container: doc.getElementById("calls"), onIntent });
  view.setAccounts([{ id: "main/1001", state: "registered" }]);
  const state = { calls };
  const manager = { calls: () => state.calls };
  for (const c of calls) view.showCall(c);
  const keys = createKeyWiring({ doc, h, manager: () => manager, view, onIntent });
  const press = (key, { alt = false, code, target = doc.activeElement || doc.body, shift = false } = {}) => {
    const event = new win.KeyboardEvent("keydown", {
      key,
      code: code || (key.length === 1 && /[a-z]/i.test(key) ? `Key${key.toUpperCase()}` : ""),
      altKey: alt,
      shiftKey: shift,
      bubbles: true,
      cancelable: true,
    });
    target.dispatchEvent(event);
    return event;
  };
  return { win, doc, view, keys, intents, press, state };
}

const base = { account: "main/1001", remote: "sip:2001@pbx.test", held: false, remoteHeld: false, muted: false };
const ringing = { ...base, callId: "r1", direction: "inbound", state: "ringing" };
const talking = { ...base, callId: "e1", direction: "outbound", state: "established", answeredAt: Date.now() };

test("Alt+A answers and Alt+D declines the ringing call, wherever the focus is", () => {
  const t = setup([talking, ringing]);
  const note = t.doc.querySelector("input[name=target]");
  note.focus();
  const event = t.press("a", { alt: true });
  assert.equal(event.defaultPrevented, true, "the key does nothing else");
  t.press("d", { alt: true });
  assert.deepEqual(t.intents, [
    ["answer", "r1"],
    ["decline", "r1"],
  ]);
  t.win.close();
});

test("Alt+H hangs up, Alt+M mutes or unmutes, Alt+O holds or resumes the current call", () => {
  const t = setup([talking]);
  t.press("h", { alt: true });
  t.press("m", { alt: true });
  t.press("o", { alt: true });
  t.state.calls = [{ ...talking, held: true, muted: true }];
  t.press("m", { alt: true });
  t.press("o", { alt: true });
  assert.deepEqual(t.intents, [
    ["hangup", "e1"],
    ["mute", "e1"],
    ["hold", "e1"],
    ["unmute", "e1"],
    ["resume", "e1"],
  ]);
  t.win.close();
});

test("Alt+H cancels a call still being placed; without any call the shortcuts do nothing", () => {
  const t = setup([{ ...base, callId: "o1", direction: "outbound", state: "ringback" }]);
  t.press("h", { alt: true });
  assert.deepEqual(t.intents, [["cancel", "o1"]]);
  t.state.calls = [];
  const event = t.press("h", { alt: true });
  assert.equal(event.defaultPrevented, false, "nothing to hang up: the key is left alone");
  assert.equal(t.intents.length, 1);
  t.win.close();
});

test("digits, * and # send DTMF during a call when the focus is not in a text field", () => {
  const t = setup([talking]);
  for (const key of ["1", "5", "*", "#", "0"]) t.press(key);
  assert.deepEqual(
    t.intents.map((i) => i[2]),
    ["1", "5", "*", "#", "0"],
  );
  assert.ok(t.intents.every(([intent, id]) => intent === "dtmf" && id === "e1"));

  const target = t.doc.querySelector("input[name=target]");
  target.focus();
  const typed = t.press("7", { target });
  assert.equal(typed.defaultPrevented, false, "a digit typed in the number field stays text");
  assert.equal(t.intents.length, 5);
  t.win.close();
});

test("digits send nothing without an established call, nor to a call on hold", () => {
  const t = setup([ringing]);
  t.press("5");
  t.state.calls = [{ ...talking, held: true }];
  t.press("5");
  assert.deepEqual(t.intents, []);
  t.win.close();
});

test('"?" opens the shortcuts overlay listing every shortcut, Esc closes it and the focus goes back', () => {
  const t = setup([talking]);
  const hangup = t.doc.querySelector('[data-action="hangup"]');
  hangup.focus();
  const overlay = t.doc.getElementById("shortcuts");
  assert.equal(overlay.hidden, true);
  t.press("?", { shift: true });
  assert.equal(overlay.hidden, false);
  assert.equal(overlay.getAttribute("role"), "dialog");
  assert.deepEqual(
    [...overlay.querySelectorAll("li[data-shortcut]")].map((li) => li.dataset.shortcut),
    SHORTCUTS.map((s) => s.action),
  );
  assert.match(overlay.querySelector('[data-shortcut="answer"]').textContent, /Alt\+A/);
  assert.equal(t.doc.activeElement, overlay.querySelector("button"), "the keyboard is in the overlay");
  const tab = t.press("Tab");
  assert.equal(tab.defaultPrevented, true, "Tab stays in the overlay");
  t.press("Escape");
  assert.equal(overlay.hidden, true);
  assert.equal(t.doc.activeElement, hangup, "the focus goes back where it was");
  t.win.close();
});

test('the top bar\'s "?" button opens and closes the overlay too', () => {
  const t = setup();
  const toggle = t.doc.getElementById("shortcuts-toggle");
  toggle.click();
  assert.equal(t.doc.getElementById("shortcuts").hidden, false);
  assert.equal(toggle.getAttribute("aria-expanded"), "true");
  toggle.click();
  assert.equal(t.doc.getElementById("shortcuts").hidden, true);
  t.win.close();
});

test("Alt+L and / go to the number field; Alt+T opens the call's transfer field", () => {
  const t = setup([talking]);
  t.press("l", { alt: true });
  assert.equal(t.doc.activeElement.name, "target");
  t.doc.activeElement.blur();
  t.press("/");
  assert.equal(t.doc.activeElement.name, "target");
  t.doc.activeElement.blur();
  t.press("t", { alt: true });
  assert.equal(t.doc.activeElement.name, "transfer-target");
  t.win.close();
});

test("call buttons name their shortcut", () => {
  const t = setup([ringing]);
  const answer = t.doc.querySelector('[data-action="answer"]');
  assert.equal(answer.getAttribute("aria-keyshortcuts"), "Alt+A");
  assert.match(answer.title, /Alt\+A/);
  t.win.close();
});

test("keyAction leaves Ctrl combinations, repeats and text fields alone", () => {
  const win = pageWindow();
  const input = win.document.createElement("input");
  const button = win.document.createElement("button");
  const key = (init, target) => {
    const e = new win.KeyboardEvent("keydown", init);
    Object.defineProperty(e, "target", { value: target });
    return e;
  };
  assert.equal(keyAction(key({ key: "a", code: "KeyA", ctrlKey: true, altKey: true }, button)), undefined);
  assert.equal(keyAction(key({ key: "5", repeat: true }, button)), undefined);
  assert.equal(keyAction(key({ key: "5" }, input)), undefined);
  assert.deepEqual(keyAction(key({ key: "5" }, button)), { action: "dtmf", digit: "5" });
  assert.deepEqual(keyAction(key({ key: "å", code: "KeyA", altKey: true }, input)), { action: "answer" });
  assert.equal(keyAction(key({ key: "Escape" }, button)), undefined, "Esc means nothing with the overlay closed");
  assert.equal(isTextEntry(win.document.createElement("textarea")), true);
  const check = win.document.createElement("input");
  check.type = "checkbox";
  assert.equal(isTextEntry(check), false);
  win.close();
});

test("every control in the window is reachable by Tab: no negative tabindex on buttons or fields", () => {
  const t = setup([talking, ringing]);
  const controls = [...t.doc.querySelectorAll("button, input, select, textarea, a[href], summary")];
  assert.ok(controls.length > 5);
  assert.deepEqual(
    controls.filter((el) => el.getAttribute("tabindex") === "-1").map((el) => el.outerHTML),
    [],
  );
  t.win.close();
});
