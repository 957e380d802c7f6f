// Availability: Do not disturb (from Java) and after-call work (while a wrap-up form is open) refuse
// incoming calls with the profile's code, record them as missed with why, and show in the top bar.

import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { Availability } from "../src/availability.js";
import { CallManager } from "../src/call-manager.js";
import { createCallEvents } from "../src/call-events.js";
import { startPage } from "../src/page.js";
import * as DeskphoneAccounts from "../src/sip-account-manager.js";
import { createFakeCallSip, fakeAccounts } from "./support/fake-calls.js";
import { FakeClock, settle } from "./support/fake-clock.js";
import { createFakeSip } from "./support/fake-sip.js";
import { pageWindow, submit } from "./support/dom.js";

globalThis.crypto ??= webcrypto;

const CONFIG = {
  accounts: [
    { id: "main/1001", dndResponse: 603 },
    { id: "main/1002", ringDuringWrapUp: true },
    { id: "main/1003", dndResponse: 999 },
  ],
};

test("the refusal: none while available; Do not disturb with the profile's code (486 unless 480/603)", () => {
  const a = new Availability();
  a.setConfig(CONFIG);
  assert.equal(a.refusal("main/1001"), null);
  a.setDnd(["main/1001", "main/1003", "main/1004"]);
  assert.deepEqual(a.refusal("main/1001"), { statusCode: 603, unavailable: "dnd" });
  assert.deepEqual(a.refusal("main/1003"), { statusCode: 486, unavailable: "dnd" }, "999 is no allowed response");
  assert.deepEqual(a.refusal("main/1004"), { statusCode: 486, unavailable: "dnd" }, "an account without settings");
  assert.equal(a.refusal("main/1002"), null);
  a.setDnd([]);
  assert.equal(a.stateOf("main/1001"), "available");
});

test("after-call work lasts while a wrap-up form is open, unless the profile lets calls ring; Java hears the accounts", () => {
  const told = [];
  const a = new Availability({ onAfterCallWork: (ids) => told.push(ids) });
  a.setConfig(CONFIG);
  a.wrapUpStarted("c1", "main/1001");
  a.wrapUpStarted("c2", "main/1002");
  a.wrapUpStarted("c3", "main/1001");
  assert.equal(a.stateOf("main/1001"), "after-call-work");
  assert.deepEqual(a.refusal("main/1001"), { statusCode: 603, unavailable: "after-call-work" });
  assert.equal(a.refusal("main/1002"), null, "ringDuringWrapUp");
  a.wrapUpEnded("c1");
  assert.equal(a.stateOf("main/1001"), "after-call-work", "its other form is still open");
  a.wrapUpEnded("c3");
  a.wrapUpEnded("c2");
  assert.equal(a.refusal("main/1001"), null);
  assert.deepEqual(told, [["main/1001"], ["main/1001", "main/1002"], ["main/1002"], []]);
  a.setDnd(["main/1002"]);
  a.wrapUpStarted("c4", "main/1002");
  assert.equal(a.stateOf("main/1002"), "dnd", "Do not disturb wins");
});

test("a call to an account in Do not disturb is refused at once, never rings, and ends as missed with why", async () => {
  const sip = createFakeCallSip();
  const accounts = fakeAccounts(["main/1001", "main/1002"]);
  const events = [];
  const changes = [];
  const availability = new Availability();
  availability.setConfig(CONFIG);
  availability.setDnd(["main/1001"]);
  let n = 0;
  const manager = new CallManager({
    sip,
    accounts,
    clock: new FakeClock(),
    availability,
    events: {
      created: (call) => events.push(["created", call.direction]),
      answered: () => {},
      ended: (callId, info) => events.push(["ended", callId, info]),
      wrapup: () => {},
    },
    onChange: (c) => changes.push(c),
    makeId: () => `call-${++n}`,
  });
  const refused = new sip.Invitation(accounts.userAgent("main/1001"), { from: "sip:2001@pbx.test" });
  manager.delegateFor("main/1001").onInvite(refused);
  await settle();
  assert.deepEqual(refused.rejected, { statusCode: 603 });
  assert.equal(refused.progressed, 0, "no 180 Ringing");
  assert.ok(!changes.some((c) => c.state === "ringing"), "no ringing card, alert or ringtone");
  await settle();
  assert.deepEqual(events, [
    ["created", "inbound"],
    ["ended", "call-1", { reason: "missed", sipStatus: 603, endedBy: "local", quality: undefined, unavailable: "dnd" }],
  ]);
  assert.equal(changes.at(-1).unavailable, "dnd");

  const ringing = new sip.Invitation(accounts.userAgent("main/1002"), { from: "sip:2001@pbx.test" });
  manager.delegateFor("main/1002").onInvite(ringing);
  assert.equal(ringing.rejected, null);
  assert.equal(manager.calls()[0].state, "ringing");
});

test("a refused call opens no wrap-up form: its wrap-up is sent at once", async () => {
  const clock = new FakeClock();
  await clock.advance(1_760_000_000_000);
  const sent = [];
  const started = [];
  const events = createCallEvents({
    bridge: { send: (m) => sent.push(m) },
    clock,
    crypto: webcrypto,
    wrapUpSettings: () => ({ seconds: 60, dispositions: [] }),
    onWrapUpStart: (w, about) => started.push({ ...w, ...about }),
  });
  const id = events.created({
    direction: "inbound",
    account: "1001",
    profile: "main",
    localUri: "sip:1001@pbx.test",
    remoteUri: "sip:2001@pbx.test",
  });
  events.ended(id, { reason: "missed", endedBy: "local", sipStatus: 486, unavailable: "dnd" });
  assert.deepEqual(started, []);
  assert.deepEqual(
    sent.map((m) => [m.event, m.unavailable]),
    [
      ["created", undefined],
      ["ended", "dnd"],
      ["wrapup", undefined],
    ],
  );
  const answered = events.created({
    direction: "inbound",
    account: "1001",
    profile: "main",
    localUri: "sip:1001@pbx.test",
    remoteUri: "sip:2001@pbx.test",
  });
  events.ended(answered, { reason: "completed", endedBy: "remote" });
  assert.equal(started[0].account, "main/1001", "the form says whose after-call work it is");
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
  const profile = {
    name: "main",
    server: "wss://pbx.test/ws",
    domain: "pbx.test",
    stun: [],
    turn: null,
    locked: false,
    wrapUpSeconds: 60,
    dispositions: [],
  };
  fromJava({
    type: "config",
    maxAccounts: 6,
    profiles: [profile],
    accounts: ["1001", "1002"].map((extension) => ({
      id: `main/${extension}`,
      profile: "main",
      extension,
      authUser: extension,
      password: "secret",
      displayName: extension,
      server: profile.server,
      domain: profile.domain,
    })),
  });
  return { window, doc: window.document, toJava, fromJava, page: started };
}

test("the top bar's control shows Java's availability and sets Do not disturb for all or one account", async () => {
  const p = page();
  const control = p.doc.getElementById("availability");
  assert.ok(control.closest(".topbar"), "in the top bar");
  assert.equal(control.querySelector("summary").textContent, "Available");
  p.fromJava({ type: "availability", dnd: ["main/1001"] });
  assert.equal(control.dataset.state, "some-dnd");
  assert.equal(control.querySelector("summary").textContent, "DND 1/2");
  p.fromJava({ type: "availability", dnd: ["main/1001", "main/1002"] });
  assert.equal(control.querySelector("summary").textContent, "DND");
  assert.match(control.querySelector("summary").title, /main\/1001: Do not disturb/);

  control.querySelector("[data-action=available-all]").click();
  const box = control.querySelector('input[data-dnd-account="main/1002"]');
  assert.equal(box.checked, true);
  box.checked = false;
  box.dispatchEvent(new p.window.Event("change"));
  assert.deepEqual(
    p.toJava.filter((m) => m.type === "availability-set"),
    [
      { type: "availability-set", dnd: false },
      { type: "availability-set", dnd: false, account: "main/1002" },
    ],
  );
  await p.page.dispose();
});

test("a wrap-up form puts its account in after-call work until it is submitted", async () => {
  const p = page();
  const events = p.page.callEvents;
  const id = events.created({
    direction: "inbound",
    account: "1002",
    profile: "main",
    localUri: "sip:1002@pbx.test",
    remoteUri: "sip:2001@pbx.test",
  });
  events.ended(id, { reason: "completed", endedBy: "remote" });
  const control = p.doc.getElementById("availability");
  assert.equal(control.dataset.state, "after-call-work");
  assert.equal(control.querySelector("summary").textContent, "After-call work");
  assert.deepEqual(p.page.availability.model.refusal("main/1002"), { statusCode: 486, unavailable: "after-call-work" });
  submit(p.doc.querySelector("form.wrapup"));
  assert.equal(control.dataset.state, "available");
  assert.deepEqual(
    p.toJava.filter((m) => m.type === "after-call-work").map((m) => m.accounts),
    [["main/1002"], []],
  );
  await p.page.dispose();
});

const HISTORY = {
  type: "history",
  unseenMissed: 1,
  entries: [
    {
      callId: "c2",
      direction: "inbound",
      accountId: "main/1001",
      remoteUri: "sip:2002@pbx.test",
      startedAt: "2026-12-07T09:00:00Z",
      endedAt: "2026-12-07T09:00:01Z",
      talkSeconds: 0,
      reason: "missed",
      sipStatus: 486,
      unavailable: "dnd",
      missed: true,
    },
    {
      callId: "c1",
      direction: "outbound",
      accountId: "main/1002",
      remoteUri: "tel:+15550100",
      remoteName: "Acme Support",
      startedAt: "2026-12-07T08:00:00Z",
      endedAt: "2026-12-07T08:01:05Z",
      talkSeconds: 65,
      reason: "completed",
      disposition: "sale",
      missed: false,
    },
  ],
};

test("the history panel: Java's calls, the missed count until seen, a search, redial on the same account", async () => {
  const p = page();
  assert.ok(
    p.toJava.some((m) => m.type === "history-request"),
    "asks for the history at start",
  );
  const toggle = p.doc.getElementById("history-toggle");
  const panel = p.doc.getElementById("history");
  assert.equal(panel.hidden, true);
  p.fromJava(HISTORY);
  const count = toggle.querySelector("[data-role=missed-count]");
  assert.equal(count.textContent, "1");
  assert.equal(count.hidden, false);

  toggle.click();
  assert.equal(panel.hidden, false);
  assert.ok(p.toJava.some((m) => m.type === "history-seen"));
  const lines = [...panel.querySelectorAll("li[data-call-id]")];
  assert.deepEqual(
    lines.map((li) => [li.dataset.callId, li.dataset.missed]),
    [
      ["c2", "true"],
      ["c1", "false"],
    ],
  );
  assert.match(lines[0].textContent, /Missed \(Do not disturb, 486\)/);
  assert.match(lines[1].textContent, /Acme Support.*main\/1002.*1:05.*Completed · sale/);
  p.fromJava({ ...HISTORY, unseenMissed: 0 });
  assert.equal(count.hidden, true);

  const search = panel.querySelector("input[name=history-search]");
  search.value = "acme";
  search.dispatchEvent(new p.window.Event("input"));
  assert.deepEqual(
    [...panel.querySelectorAll("li[data-call-id]")].map((li) => li.dataset.callId),
    ["c1"],
  );
  search.value = "nobody";
  search.dispatchEvent(new p.window.Event("input"));
  assert.equal(panel.querySelector(".history-empty").textContent, "No call matches.");
  search.value = "";
  search.dispatchEvent(new p.window.Event("input"));

  const dialled = [];
  p.page.calls.manager.dial = (target, options) => dialled.push([target, options]);
  panel.querySelector('li[data-call-id="c1"] [data-action=redial]').click();
  assert.deepEqual(dialled, [["tel:+15550100", { account: "main/1002" }]]);
  p.page.calls.manager.dial = () => {
    throw new Error("main/1001 is not registered.");
  };
  panel.querySelector('li[data-call-id="c2"] [data-action=redial]').click();
  assert.match(p.doc.querySelector('[data-notice="redial"]').textContent, /Could not call sip:2002@pbx.test/);
  await p.page.dispose();
});

test("the history is drawn when its panel is open, with one date formatter for all its lines", async () => {
  const p = page();
  const panel = p.doc.getElementById("history");
  const calledToLocaleString = [];
  const toLocaleString = Date.prototype.toLocaleString;
  Date.prototype.toLocaleString = function (...args) {
    calledToLocaleString.push(this);
    return toLocaleString.apply(this, args);
  };
  try {
    // Java sends the whole history (up to 500 calls) after every call: a closed panel draws none of it.
    p.fromJava(HISTORY);
    p.fromJava(HISTORY);
    assert.equal(panel.querySelectorAll("li[data-call-id]").length, 0);
    assert.equal(p.doc.querySelector("#history-toggle [data-role=missed-count]").textContent, "1");

    p.doc.getElementById("history-toggle").click();
    const times = [...panel.querySelectorAll("li[data-call-id] time")];
    assert.deepEqual(
      times.map((t) => t.textContent),
      HISTORY.entries.map((e) => toLocaleString.call(new Date(e.startedAt))),
      "the same text as toLocaleString",
    );
    p.fromJava(HISTORY);
    assert.equal(panel.querySelectorAll("li[data-call-id]").length, 2, "an open panel follows Java's history");
    assert.deepEqual(calledToLocaleString, [], "no formatter is built per line");
  } finally {
    Date.prototype.toLocaleString = toLocaleString;
  }
  await p.page.dispose();
});
