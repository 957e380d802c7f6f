// The question a clicked link asks before it dials: what it shows, and that mouse and keyboard
// answer it (Call, Cancel, Escape, Tab kept between the two buttons).

import { test } from "node:test";
import assert from "node:assert/strict";
import { pageWindow } from "./support/dom.js";
import { elementBuilder } from "../src/ui/dom.js";
import { createDialConfirm } from "../src/ui/dial-confirm.js";

function setup() {
  const window = pageWindow();
  const doc = window.document;
  const container = doc.createElement("section");
  doc.body.append(container);
  const confirm = createDialConfirm({ h: elementBuilder(doc), container });
  const key = (key, shiftKey = false) =>
    doc.activeElement.dispatchEvent(
      new window.KeyboardEvent("keydown", { key, shiftKey, bubbles: true, cancelable: true }),
    );
  const button = (action) => container.querySelector(`button[data-action="${action}"]`);
  return { window, doc, container, confirm, key, button };
}

test("the question names the number and the account, as text, and Call answers yes", async () => {
  const t = setup();
  assert.equal(t.container.hidden, true);
  const answer = t.confirm.ask({ target: "sip:<b>1900</b>@evil.example", account: "main/1001" });
  assert.equal(t.container.hidden, false);
  assert.equal(t.container.getAttribute("role"), "alertdialog");
  assert.equal(t.container.querySelector('[data-role="target"]').textContent, "sip:<b>1900</b>@evil.example");
  assert.equal(t.container.querySelector("b"), null, "markup in a link stays text");
  assert.equal(t.container.querySelector('[data-role="account"]').textContent, "main/1001");
  assert.equal(
    t.doc.getElementById(t.container.getAttribute("aria-describedby")).textContent,
    "A link asks to call sip:<b>1900</b>@evil.example from main/1001.",
  );
  t.button("confirm-dial").click();
  assert.equal(await answer, true);
  assert.equal(t.container.hidden, true);
  assert.equal(t.confirm.pending, false);
  t.window.close();
});

test("Cancel has the focus, so a stray Enter does not call; Escape cancels; Tab moves between the buttons", async () => {
  const t = setup();
  let answer = t.confirm.ask({ target: "tel:+4930123", account: "main/1001" });
  assert.equal(t.doc.activeElement, t.button("cancel-dial"));
  t.key("Tab");
  assert.equal(t.doc.activeElement, t.button("confirm-dial"));
  t.key("Tab");
  assert.equal(t.doc.activeElement, t.button("cancel-dial"), "focus stays inside the question");
  t.key("Tab", true);
  assert.equal(t.doc.activeElement, t.button("confirm-dial"));
  t.key("Escape");
  assert.equal(await answer, false);
  assert.equal(t.container.hidden, true);

  answer = t.confirm.ask({ target: "tel:+4930123", account: "main/1001" });
  t.button("cancel-dial").click();
  assert.equal(await answer, false);
  t.window.close();
});

test("a newer link replaces an open question, which counts as cancelled", async () => {
  const t = setup();
  const first = t.confirm.ask({ target: "tel:+1900111", account: "main/1001" });
  const second = t.confirm.ask({ target: "tel:+1900222", account: "main/1001" });
  assert.equal(await first, false);
  assert.equal(t.container.querySelectorAll('[data-role="target"]').length, 1);
  assert.equal(t.container.querySelector('[data-role="target"]').textContent, "tel:+1900222");
  t.button("confirm-dial").click();
  assert.equal(await second, true);
  t.window.close();
});
