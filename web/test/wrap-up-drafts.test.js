// What an open wrap-up form holds goes to Java as `wrapup-draft` (debounced) so that a quit or a
// crash cannot lose it; and Java's `outbox-status` becomes a banner the agent sees.

import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { createCallEvents, DRAFT_DEBOUNCE_MS } from "../src/call-events.js";
import { startPage } from "../src/page.js";
import * as DeskphoneAccounts from "../src/sip-account-manager.js";
import { FakeClock } from "./support/fake-clock.js";
import { createFakeSip } from "./support/fake-sip.js";
import { pageWindow } from "./support/dom.js";

const CALL = {
  direction: "inbound",
  account: "1001",
  profile: "main",
  localUri: "sip:1001@pbx.test",
  remoteUri: "sip:1002@pbx.test",
  remoteDisplayName: "Bob",
};

function harness() {
  const clock = new FakeClock();
  const sent = [];
  const events = createCallEvents({
    bridge: { send: (m) => sent.push(m) },
    clock,
    crypto: webcrypto,
    wrapUpSettings: () => ({ seconds: 60, dispositions: ["sale"] }),
  });
  const drafts = () => sent.filter((m) => m.type === "wrapup-draft");
  return { clock, sent, events, drafts };
}

test("typing in the wrap-up form sends one draft per pause, with the time of the last edit", async () => {
  const t = harness();
  await t.clock.advance(1_760_000_000_000);
  const id = t.events.created(CALL);
  t.events.ended(id, { reason: "completed", endedBy: "remote" });
  t.events.draft(id, { notes: "w" });
  await t.clock.advance(100);
  t.events.draft(id, { notes: "wants" });
  await t.clock.advance(100);
  t.events.draft(id, { disposition: "sale", notes: "  wants a callback " });
  await t.clock.advance(DRAFT_DEBOUNCE_MS - 1);
  assert.deepEqual(t.drafts(), [], "nothing while the agent is typing");
  await t.clock.advance(1);
  assert.deepEqual(t.drafts(), [
    { type: "wrapup-draft", callId: id, at: 1_760_000_000_200, disposition: "sale", notes: "wants a callback" },
  ]);
});

test("submitting the form cancels a pending draft: the wrap-up replaces it", async () => {
  const t = harness();
  const id = t.events.created(CALL);
  t.events.ended(id, { reason: "completed", endedBy: "remote" });
  t.events.draft(id, { notes: "done" });
  t.events.wrapup(id, { notes: "done" });
  await t.clock.advance(DRAFT_DEBOUNCE_MS * 4);
  assert.deepEqual(t.drafts(), []);
  assert.deepEqual(
    t.sent.map((m) => m.event),
    ["created", "ended", "wrapup"],
  );
  assert.deepEqual(t.clock.pendingDelays(), []);
});

test("no draft for a call that has not ended or is already wrapped up", async () => {
  const t = harness();
  const id = t.events.created(CALL);
  t.events.draft(id, { notes: "too early" });
  t.events.draft("6f1c1a2e-0d7b-4a55-9a51-0e0f3a3f1b11", { notes: "unknown" });
  await t.clock.advance(DRAFT_DEBOUNCE_MS);
  assert.deepEqual(t.drafts(), []);
});

function page() {
  const window = pageWindow();
  window.SIP = createFakeSip();
  window.DeskphoneAccounts = DeskphoneAccounts;
  Object.defineProperty(window, "crypto", { value: webcrypto, configurable: true });
  const toJava = [];
  const started = startPage(window);
  window.deskphoneJava = {
    send: (json) => {
      toJava.push(JSON.parse(json));
      return '{"ok":true}';
    },
  };
  window.Deskphone.attach();
  const fromJava = (msg) => window.Deskphone.receive(JSON.stringify(msg));
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
        wrapUpSeconds: 0,
        dispositions: [],
      },
    ],
  });
  return { window, doc: window.document, toJava, fromJava, page: started };
}

test("page: what is typed in the wrap-up form reaches Java as a draft", async () => {
  const p = page();
  const id = p.page.callEvents.created(CALL);
  p.page.callEvents.ended(id, { reason: "completed", endedBy: "local" });
  const form = p.doc.querySelector(`form.wrapup[data-call-id="${id}"]`);
  form.querySelector("textarea").value = "call back tomorrow";
  form.dispatchEvent(new p.window.Event("input", { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, DRAFT_DEBOUNCE_MS + 200));
  const draft = p.toJava.filter((m) => m.type === "wrapup-draft");
  assert.equal(draft.length, 1);
  assert.equal(draft[0].callId, id);
  assert.equal(draft[0].notes, "call back tomorrow");
  await p.page.dispose();
});

test("page: failing outbox writes show a red banner until they recover; a moved-aside outbox a warning", async () => {
  const p = page();
  p.fromJava({ type: "outbox-status", state: "failing", held: 3, error: "database or disk is full" });
  const banner = p.doc.querySelector('[data-notice="outbox-write"]');
  assert.ok(banner, "the banner is shown");
  assert.equal(banner.dataset.kind, "error");
  assert.equal(banner.getAttribute("role"), "alert");
  assert.match(banner.textContent, /cannot be saved on this computer right now; 3 are kept in memory/);
  // The database's own words are for the administrator, in Settings, not in the agent's banner.
  assert.doesNotMatch(banner.textContent, /disk is full/);
  assert.match(
    p.doc.querySelector('#admin-details [data-detail="outbox-write"]').textContent,
    /outbox fails: database or disk is full/,
  );

  p.fromJava({
    type: "outbox-status",
    state: "ok",
    held: 0,
    warning:
      "The call-event outbox could not be read (damaged or not a database); it was kept as /d/outbox.db.unreadable-1",
  });
  assert.equal(p.doc.querySelector('[data-notice="outbox-write"]'), null, "gone once writes work again");
  assert.equal(p.doc.querySelector('#admin-details [data-detail="outbox-write"]'), null);
  const warning = p.doc.querySelector('[data-notice="outbox-file"]');
  assert.equal(warning.dataset.kind, "warn");
  assert.match(warning.textContent, /kept as \/d\/outbox\.db\.unreadable-1/);
  await p.page.dispose();
});
