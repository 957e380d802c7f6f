// The calls view in jsdom: what the agent sees per call state, and the intents clicks produce.

import { test } from "node:test";
import assert from "node:assert/strict";
import { pageWindow } from "./support/dom.js";
import { elementBuilder } from "../src/ui/dom.js";
import { createCallsView } from "../src/ui/calls.js";

function setup() {
  const window = pageWindow();
  const doc = window.document;
  const container = doc.getElementById("calls");
  const dom = { close: () => window.close() };
  const intents = [];
  const view = createCallsView({ h: elementBuilder(doc), container, onIntent: (...args) => intents.push(args) });
  return { dom, doc, container, intents, view };
}

const ringing = {
  callId: "c1",
  account: "main/1001",
  direction: "inbound",
  remote: "sip:2001@pbx.test",
  remoteDisplayName: "Customer",
  state: "ringing",
  held: false,
  remoteHeld: false,
  muted: false,
};

test("a ringing call names the line and the caller and offers answer, busy and decline", async () => {
  const t = setup();
  t.view.showCall(ringing);
  const card = t.container.querySelector('article.call-card[data-call-id="c1"]');
  assert.equal(card.dataset.state, "ringing");
  assert.equal(card.querySelector('[data-role="line"]').textContent, "Incoming on main/1001");
  assert.equal(card.querySelector('[data-role="remote"]').textContent, "Customer <sip:2001@pbx.test>");
  const actions = [...card.querySelectorAll("button[data-action]")].map((b) => b.dataset.action);
  assert.deepEqual(actions, ["answer", "reject", "decline"]);
  card.querySelector('[data-action="answer"]').click();
  assert.deepEqual(t.intents, [["answer", "c1"]]);
  await t.dom.close?.();
});

test("an established call offers hang up, hold, mute and the keypad; digits become dtmf intents", async () => {
  const t = setup();
  const call = { ...ringing, state: "established", remoteHeld: true };
  t.view.showCall(call);
  const card = t.container.querySelector("article.call-card");
  assert.match(card.querySelector('[data-role="status"]').textContent, /the other side put you on hold/);
  assert.deepEqual(
    [...card.querySelectorAll("button[data-action]")].map((b) => b.dataset.action),
    ["hangup", "hold", "mute", "keypad"],
  );
  t.view.toggleKeypad("c1", call);
  card.querySelector('button[data-digit="5"]').click();
  assert.deepEqual(t.intents.at(-1), ["dtmf", "c1", "5"]);
  t.view.showCall({ ...call, held: true, muted: true });
  assert.deepEqual(
    [...card.querySelectorAll("button[data-action]")].map((b) => b.dataset.action),
    ["hangup", "resume", "unmute", "keypad", "transfer", "consult"],
  );
  await t.dom.close?.();
});

test("transfer controls: Consult takes the typed target; a consultation's cards offer Complete and Cancel; two calls can be joined", async () => {
  const t = setup();
  const first = { ...ringing, state: "established" };
  t.view.showCall(first);
  t.view.toggleKeypad("c1", first);
  const card1 = t.container.querySelector('article.call-card[data-call-id="c1"]');
  card1.querySelector('input[name="transfer-target"]').value = " 1003 ";
  card1.querySelector('[data-action="consult"]').click();
  assert.deepEqual(t.intents.at(-1), ["consult", "c1", "1003"]);

  // A second established call not linked to the first: each card offers to join the other.
  const second = { ...ringing, callId: "c2", remote: "sip:2002@pbx.test", remoteDisplayName: "", state: "established" };
  t.view.showCall(second);
  const join = card1.querySelector('[data-action="transfer-to-call"]');
  assert.equal(join.dataset.otherCallId, "c2");
  assert.equal(join.textContent, "Transfer to sip:2002@pbx.test");
  join.click();
  assert.deepEqual(t.intents.at(-1), ["transfer-to-call", "c1", "c2"]);

  // Linked as a consultation: Complete and Cancel on both cards, no join buttons.
  t.view.showCall({ ...first, held: true, consultCall: "c2" });
  t.view.showCall({ ...second, consultFor: "c1" });
  for (const id of ["c1", "c2"]) {
    const card = t.container.querySelector(`article.call-card[data-call-id="${id}"]`);
    const actions = [...card.querySelectorAll("button[data-action]")].map((b) => b.dataset.action);
    assert.ok(actions.includes("complete-transfer") && actions.includes("cancel-transfer"), actions.join());
    assert.ok(!actions.includes("transfer-to-call"));
  }
  t.container.querySelector('article[data-call-id="c2"] [data-action="complete-transfer"]').click();
  assert.deepEqual(t.intents.at(-1), ["complete-transfer", "c2"]);
  t.container.querySelector('article[data-call-id="c1"] [data-action="cancel-transfer"]').click();
  assert.deepEqual(t.intents.at(-1), ["cancel-transfer", "c1"]);

  // A consultation that still rings: Cancel, and Complete (the caller then rings the target).
  t.view.showCall({ ...second, state: "ringback", consultFor: "c1" });
  const ringback = t.container.querySelector('article.call-card[data-call-id="c2"]');
  assert.deepEqual(
    [...ringback.querySelectorAll("button[data-action]")].map((b) => b.dataset.action),
    ["cancel", "complete-transfer"],
  );
  ringback.querySelector('[data-action="complete-transfer"]').click();
  assert.deepEqual(t.intents.at(-1), ["complete-transfer", "c2"]);
  await t.dom.close?.();
});

test("an ended call leaves the list for the recent calls with its reason", async () => {
  const t = setup();
  t.view.showCall(ringing);
  t.view.showCall({ ...ringing, state: "ended", reason: "missed" });
  assert.equal(t.container.querySelector("article.call-card"), null);
  const item = t.container.querySelector('#call-history li[data-call-id="c1"]');
  assert.equal(item.dataset.reason, "missed");
  assert.match(item.textContent, /Missed call: Customer/);
  await t.dom.close?.();
});

test("the dialer sends the target and the chosen account, and says what is missing", async () => {
  const t = setup();
  t.view.setAccounts([
    { id: "main/1001", state: "registered" },
    { id: "main/1002", state: "reconnecting" },
  ]);
  const form = t.container.querySelector("#dialer");
  form.querySelector('button[data-action="dial"]').click();
  assert.equal(form.querySelector('[data-role="dial-error"]').textContent, "Enter a number or SIP address.");
  form.querySelector('input[name="target"]').value = " 1002 ";
  form.querySelector('select[name="account"]').value = "main/1002";
  form.querySelector('button[data-action="dial"]').click();
  assert.deepEqual(t.intents.at(-1), ["dial", undefined, { target: "1002", account: "main/1002" }]);
  await t.dom.close?.();
});

test("a call placed at the far end's request (an accepted REFER) says so on its card", async () => {
  const t = setup();
  t.view.showCall({ ...ringing, callId: "c2", direction: "outbound", state: "ringback", referredBy: "c1" });
  const status = t.container.querySelector('article.call-card[data-call-id="c2"] [data-role="status"]').textContent;
  assert.match(status, /placed at the other side's request \(REFER\)/);
  await t.dom.close?.();
});

test("three-way calls: two established calls offer Merge; merged cards say Conference and offer Split only", async () => {
  const t = setup();
  const first = { ...ringing, state: "established" };
  const second = { ...ringing, callId: "c2", remote: "sip:2002@pbx.test", state: "established", held: true };
  t.view.showCall(first);
  const card1 = t.container.querySelector('article.call-card[data-call-id="c1"]');
  assert.equal(card1.querySelector('[data-action="merge"]'), null, "one call: nothing to merge");
  t.view.showCall(second);
  card1.querySelector('[data-action="merge"]').click();
  assert.deepEqual(t.intents.at(-1), ["merge", "c1"]);
  assert.ok(t.container.querySelector('article[data-call-id="c2"] [data-action="merge"]'), "a held call can be merged");

  t.view.showCall({ ...first, conference: "c2" });
  t.view.showCall({ ...second, held: false, conference: "c1" });
  for (const id of ["c1", "c2"]) {
    const card = t.container.querySelector(`article.call-card[data-call-id="${id}"]`);
    assert.equal(card.dataset.conference, "true");
    assert.match(card.querySelector('[data-role="status"]').textContent, /^Conference/);
    const actions = [...card.querySelectorAll("button[data-action]")].map((b) => b.dataset.action);
    assert.deepEqual(actions, ["hangup", "hold", "mute", "keypad", "split"]);
  }
  t.container.querySelector('article[data-call-id="c2"] [data-action="split"]').click();
  assert.deepEqual(t.intents.at(-1), ["split", "c2"]);
  t.view.showCall({ ...first, held: true, conference: "c2" });
  assert.match(card1.querySelector('[data-role="status"]').textContent, /On hold · in the conference/);
  await t.dom.close?.();
});
