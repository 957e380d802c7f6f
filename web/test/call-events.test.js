// call-events.js: ids, times, order and the wrap-up timer; and its wiring in the page (wrap-up
// form, backend status) with a fake Java bridge.

import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { createCallEvents } from "../src/call-events.js";
import { uuidV4 } from "../src/uuid.js";
import { startPage } from "../src/page.js";
import * as DeskphoneAccounts from "../src/sip-account-manager.js";
import { FakeClock } from "./support/fake-clock.js";
import { createFakeSip } from "./support/fake-sip.js";
import { pageWindow } from "./support/dom.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CALL = {
  direction: "inbound",
  account: "1001",
  profile: "main",
  localUri: "sip:1001@pbx.test",
  remoteUri: "sip:1002@pbx.test",
  remoteDisplayName: "Bob",
};

function harness(settings = { seconds: 30, dispositions: ["sale", "no sale"] }) {
  const clock = new FakeClock();
  const sent = [];
  const started = [];
  const ended = [];
  const warnings = [];
  const events = createCallEvents({
    // wrap-up drafts (wrap-up-drafts.test.js) are kept apart from the call events checked here
    bridge: { send: (m) => (m.type === "wrapup-draft" ? [] : sent).push(m) },
    clock,
    crypto: webcrypto,
    logger: { warn: (m) => warnings.push(m) },
    wrapUpSettings: () => settings,
    onWrapUpStart: (w) => started.push(w),
    onWrapUpEnd: (id) => ended.push(id),
  });
  return { clock, sent, started, ended, warnings, events };
}

test("uuidV4 makes RFC 9562 version 4 ids from getRandomValues", () => {
  const ids = new Set(Array.from({ length: 200 }, () => uuidV4(webcrypto)));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.match(id, UUID_V4);
  assert.equal(uuidV4({ getRandomValues: (a) => a.fill(0xff) }), "ffffffff-ffff-4fff-bfff-ffffffffffff");
});

test("an answered call: created, answered, ended, wrapup with the times they happened", async () => {
  const t = harness();
  await t.clock.advance(1_760_000_000_000);
  const id = t.events.created(CALL);
  assert.match(id, UUID_V4);
  await t.clock.advance(4000);
  t.events.answered(id);
  await t.clock.advance(60_000);
  t.events.ended(id, {
    reason: "completed",
    endedBy: "remote",
    sipStatus: undefined,
    quality: { jitterMs: 2.5, packetLossPct: 0, rttMs: 20, codec: "opus", mos: 4.4 },
  });
  assert.deepEqual(t.started, [
    { callId: id, remote: "Bob", dispositions: ["sale", "no sale"], deadline: 1_760_000_094_000 },
  ]);
  await t.clock.advance(10_000);
  t.events.wrapup(id, { disposition: "sale", notes: "  wants a callback  " });
  t.events.wrapup(id, { disposition: "again" }); // once only

  assert.deepEqual(t.sent, [
    { type: "call-event", event: "created", callId: id, at: 1_760_000_000_000, ...CALL },
    { type: "call-event", event: "answered", callId: id, at: 1_760_000_004_000 },
    {
      type: "call-event",
      event: "ended",
      callId: id,
      at: 1_760_000_064_000,
      reason: "completed",
      endedBy: "remote",
      quality: { jitterMs: 2.5, packetLossPct: 0, rttMs: 20, codec: "opus", mos: 4.4 },
    },
    {
      type: "call-event",
      event: "wrapup",
      callId: id,
      at: 1_760_000_074_000,
      disposition: "sale",
      notes: "wants a callback",
    },
  ]);
  assert.deepEqual(t.ended, [id]);
  assert.deepEqual(t.clock.pendingDelays(), [], "the wrap-up timer is cancelled");
  assert.deepEqual(t.events.open, []);
});

test("a report that waited (a call answered at once reports after its 200 OK) keeps the time it happened", async () => {
  const t = harness();
  await t.clock.advance(1_760_000_000_000);
  const id = t.events.created({ ...CALL, at: 1_759_999_999_900 });
  t.events.answered(id, { at: 1_759_999_999_950 });
  assert.deepEqual(
    t.sent.map((m) => [m.event, m.at]),
    [
      ["created", 1_759_999_999_900],
      ["answered", 1_759_999_999_950],
    ],
  );
});

test("the call code's own id is kept when it is a UUID v4", () => {
  const t = harness();
  const own = uuidV4(webcrypto);
  assert.equal(t.events.created({ ...CALL, callId: own }), own);
  assert.equal(t.sent[0].callId, own);
  assert.notEqual(t.events.created({ ...CALL, callId: "call-7" }), "call-7");
});

test("the wrap-up timer sends what the form holds when it expires", async () => {
  const t = harness({ seconds: 20, dispositions: [] });
  const id = t.events.created({ ...CALL, direction: "outbound", remoteDisplayName: undefined });
  t.events.ended(id, { reason: "busy", sipStatus: 486, endedBy: "remote" });
  t.events.draft(id, { notes: "left a message" });
  await t.clock.advance(19_999);
  assert.equal(t.sent.length, 2);
  await t.clock.advance(1);
  assert.deepEqual(
    t.sent.map((m) => m.event),
    ["created", "ended"].concat("wrapup"),
  );
  assert.deepEqual(t.sent[1], {
    type: "call-event",
    event: "ended",
    callId: id,
    at: 0,
    reason: "busy",
    endedBy: "remote",
    sipStatus: 486,
  });
  assert.deepEqual(t.sent[2], { type: "call-event", event: "wrapup", callId: id, at: 20_000, notes: "left a message" });
  assert.equal("remoteDisplayName" in t.sent[0], false);
});

test("out-of-order and unknown reports are not sent; bad quality is dropped, not the event", () => {
  const t = harness({ seconds: 0, dispositions: [] });
  t.events.answered("6f1c1a2e-0d7b-4a55-9a51-0e0f3a3f1b11");
  const id = t.events.created(CALL);
  t.events.wrapup(id, {}); // before ended
  t.events.ended(id, {
    reason: "missed",
    endedBy: "remote",
    sipStatus: 487,
    quality: { jitterMs: 1, rttMs: 2, codec: "opus" },
  });
  t.events.answered(id); // after ended
  t.events.ended(id, { reason: "completed", endedBy: "local" });
  assert.deepEqual(
    t.sent.map((m) => m.event),
    ["created", "ended"],
  );
  assert.equal("quality" in t.sent[1], false);
  assert.equal(t.clock.pendingDelays().length, 0, "seconds 0: no timer, the form waits for the agent");
  assert.ok(t.warnings.some((w) => w.includes("unknown call")));
  assert.ok(t.warnings.some((w) => w.includes("quality left out")));
});

test("page: wrap-up form with the profile's dispositions, backend status and outbox warnings", async () => {
  const window = pageWindow();
  window.SIP = createFakeSip();
  window.DeskphoneAccounts = DeskphoneAccounts;
  Object.defineProperty(window, "crypto", { value: webcrypto, configurable: true });
  const toJava = [];
  const page = startPage(window);
  window.deskphoneJava = {
    send: (json) => {
      toJava.push(JSON.parse(json));
      return '{"ok":true}';
    },
  };
  window.Deskphone.attach();
  const fromJava = (msg) => window.Deskphone.receive(JSON.stringify(msg));
  const doc = window.document;
  fromJava({
    type: "config",
    accounts: [],
    maxAccounts: 6,
    profiles: [
      {
        name: "main",
        server: "wss://pbx.test/ws",
        domain: "pbx.test",
        stun: [],
        turn: null,
        locked: false,
        wrapUpSeconds: 45,
        dispositions: ["sale", "no sale"],
      },
    ],
  });

  assert.ok(page.calls.manager, "the call manager reports to the call events");
  const id = page.callEvents.created(CALL);
  page.callEvents.ended(id, { reason: "completed", endedBy: "local" });
  const form = doc.querySelector(`form.wrapup[data-call-id="${id}"]`);
  assert.ok(form, "the wrap-up form is shown");
  assert.deepEqual(
    [...form.querySelectorAll("option")].map((o) => o.value),
    ["", "sale", "no sale"],
  );
  assert.match(form.querySelector(".wrapup-timer").textContent, /^0:4[45] left$/);
  form.querySelector("select").value = "no sale";
  form.querySelector("textarea").value = "not interested";
  form.querySelector("button").click();
  const wrapup = toJava.filter((m) => m.type === "call-event").at(-1);
  assert.deepEqual(
    { ...wrapup, at: 0 },
    { type: "call-event", event: "wrapup", callId: id, at: 0, disposition: "no sale", notes: "not interested" },
  );
  assert.equal(doc.querySelector("form.wrapup"), null, "the form goes once sent");

  const status = doc.getElementById("backend-status");
  fromJava({ type: "backend-status", state: "online", pending: 0, dead: 0, capacity: 1000 });
  // All well: only the dot; the words are for the tooltip and a screen reader.
  assert.equal(status.textContent, "");
  assert.equal(status.getAttribute("aria-label"), "Backend online");
  fromJava({ type: "backend-status", state: "offline", pending: 850, dead: 2, capacity: 1000 });
  assert.equal(status.textContent, "Offline");
  assert.equal(status.getAttribute("aria-label"), "Backend offline · 850 events waiting · 2 refused");
  assert.equal(status.dataset.state, "offline");
  assert.match(doc.querySelector('[data-notice="outbox"]').textContent, /nearly full \(852 of 1000\)/);
  // The agent reads what it means for them; the command is in Settings, for the administrator.
  assert.match(doc.querySelector('[data-notice="dead-events"]').textContent, /not accepted into the call records/);
  assert.doesNotMatch(doc.querySelector('[data-notice="dead-events"]').textContent, /deskphone events/);
  assert.match(doc.querySelector('#admin-details [data-detail="dead-events"]').textContent, /deskphone events retry/);
  assert.match(status.title, /850 call events waiting to be sent/);
  fromJava({ type: "backend-status", state: "online", pending: 0, dead: 0, capacity: 1000 });
  assert.equal(doc.querySelector('[data-notice="outbox"]'), null);
  await page.dispose();
});
