// SIPAccountManager over the REAL SIP.js 0.21.2 (the same code js/sip.js bundles), talking to an
// in-process registrar through SIP.js's transportConstructor seam: digest auth, refreshes,
// rejections and a PBX restart exercise the actual UserAgent/Registerer behaviour we rely on.
// Real timers, with short backoffs so the suite stays quick.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as SIP from "sip.js";
import { SIPAccountManager } from "../src/sip-account-manager.js";
import { createLoopbackPbx } from "./support/loopback-pbx.js";
import { account, recordingLogger } from "./support/harness.js";

const FAST = { baseMs: 20, factor: 2, maxMs: 200 };

function setup({ accounts = 6, pbxOptions = {}, managerOptions = {} } = {}) {
  const list = Array.from({ length: accounts }, (_, i) => account(i + 1));
  const users = Object.fromEntries(list.map((a) => [a.extension, a.password]));
  const pbx = createLoopbackPbx({ users, ...pbxOptions });
  const states = new Map();
  const history = [];
  const logger = recordingLogger();
  const manager = new SIPAccountManager({
    sip: SIP,
    logger,
    userAgentOptions: { transportConstructor: pbx.Transport },
    reconnectPolicy: FAST,
    onStateChange: (s) => {
      states.set(s.account, s);
      history.push(s);
    },
    ...managerOptions,
  });
  return { pbx, manager, states, history, logger, list };
}

async function waitFor(predicate, what, timeoutMs = 4000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const allRegistered =
  (t, n = 6) =>
  () =>
    t.states.size === n && [...t.states.values()].every((s) => s.state === "registered");

test("six accounts register with digest auth against a real registrar, each its own binding", async (ctx) => {
  const t = setup();
  ctx.after(() => t.manager.stopAll());
  await t.manager.applyConfig(t.list);
  await waitFor(allRegistered(t), "6 registered");
  assert.equal(t.pbx.bindings.size, 6);
  assert.equal(t.pbx.connectedCount(), 6, "one WebSocket per account");
  assert.equal(new Set([...t.pbx.bindings.values()].map((b) => b.contact)).size, 6);
  assert.deepEqual(
    t.history.filter((s) => s.account === "main/1001").map((s) => s.state),
    ["connecting", "registering", "registered"],
  );
});

test("a wrong password fails with 403 Forbidden and does not hammer the PBX", async (ctx) => {
  const t = setup({ accounts: 2 });
  ctx.after(() => t.manager.stopAll());
  t.pbx.users["1002"] = "the-real-password";
  await t.manager.applyConfig(t.list);
  await waitFor(() => t.states.get("main/1002")?.state === "failed", "1002 failed");
  await waitFor(() => t.states.get("main/1001")?.state === "registered", "1001 registered");
  const failed = t.states.get("main/1002");
  assert.equal(failed.statusCode, 403);
  assert.equal(failed.reason, "Forbidden");
  assert.ok(failed.retryInMs >= 30_000, `slow retry, got ${failed.retryInMs}`);
  await new Promise((r) => setTimeout(r, 300));
  const attempts = t.pbx.registers.filter((r) => r.user === "1002");
  assert.equal(attempts.length, 2, "one challenge, one answer: then it waits");
});

test("after a PBX restart every account reconnects and registers again without user action", async (ctx) => {
  const t = setup();
  ctx.after(() => t.manager.stopAll());
  await t.manager.applyConfig(t.list);
  await waitFor(allRegistered(t), "6 registered");
  const callIdsBefore = new Set([...t.pbx.bindings.values()].map((b) => b.callId));

  t.pbx.stop();
  await waitFor(
    () => [...t.states.values()].every((s) => s.state === "reconnecting" || s.state === "connecting"),
    "all reconnecting",
  );
  assert.equal(t.pbx.bindings.size, 0);
  await new Promise((r) => setTimeout(r, 150)); // a few refused reconnects
  t.pbx.start();

  await waitFor(allRegistered(t), "6 registered again");
  assert.equal(t.pbx.bindings.size, 6);
  for (const b of t.pbx.bindings.values()) {
    assert.ok(!callIdsBefore.has(b.callId), "registered by a new Registerer (new Call-ID)");
  }
  const reconnecting = t.history.filter((s) => s.state === "reconnecting");
  assert.ok(
    reconnecting.every((s) => s.retryInMs >= 10 && s.retryInMs <= 200),
    "backoff within the policy",
  );
});

test("registration refresh keeps the binding; a failed refresh re-registers when the PBX recovers", async (ctx) => {
  const t = setup({ accounts: 1, pbxOptions: { grantedExpires: 1 } });
  ctx.after(() => t.manager.stopAll());
  await t.manager.applyConfig(t.list);
  await waitFor(allRegistered(t, 1), "registered");
  const callId = t.pbx.bindings.get("1001").callId;

  // SIP.js refreshes at 99% of the granted second: the same Registerer (same Call-ID) re-REGISTERs.
  await waitFor(() => t.pbx.registers.filter((r) => r.callId === callId && r.authorized).length >= 3, "refreshes");
  assert.equal(t.states.get("main/1001").state, "registered");

  t.pbx.failAuthenticatedWith = 500;
  await waitFor(() => t.states.get("main/1001").state !== "registered", "refresh failure noticed", 3000);
  t.pbx.failAuthenticatedWith = null;
  await waitFor(allRegistered(t, 1), "registered again");
  assert.notEqual(t.pbx.bindings.get("1001").callId, callId, "a new Registerer took over");
});

test("a refresh answered slowly still lands before the binding lapses: the agent stays registered", async (ctx) => {
  // Granted 2 s, each authorized REGISTER answered 100 ms late. Refreshing at SIP.js's default 99 %
  // leaves 20 ms, so the binding would lapse before every refresh's 200 OK.
  const t = setup({ accounts: 1, pbxOptions: { grantedExpires: 2 } });
  ctx.after(() => t.manager.stopAll());
  await t.manager.applyConfig(t.list);
  await waitFor(allRegistered(t, 1), "registered");
  const callId = t.pbx.bindings.get("1001").callId;
  t.pbx.registerAnswerDelayMs = 100;
  const seen = t.history.length;

  await waitFor(
    () => t.pbx.registers.filter((r) => r.callId === callId && r.authorized).length >= 3,
    "two slow refreshes",
    8000,
  );
  await new Promise((r) => setTimeout(r, 150));
  assert.deepEqual(
    t.history.slice(seen).map((s) => s.state),
    [],
    "no state change while the refreshes were answered",
  );
  assert.equal(t.states.get("main/1001").state, "registered");
  assert.equal(t.pbx.bindings.get("1001").callId, callId, "the same Registerer kept the binding");
  assert.ok(!t.logger.lines.some((l) => /Registration expired/.test(l.message)), "SIP.js saw no expiry");
});

test("unregister removes the binding at the PBX and closes the account's WebSocket", async (ctx) => {
  const t = setup({ accounts: 2 });
  ctx.after(() => t.manager.stopAll());
  await t.manager.applyConfig(t.list);
  await waitFor(allRegistered(t, 2), "registered");
  await t.manager.unregister("main/1001");
  assert.equal(t.states.get("main/1001").state, "unregistered");
  assert.equal(t.pbx.bindings.has("1001"), false);
  assert.equal(t.pbx.bindings.has("1002"), true);
  assert.equal(t.pbx.connectedCount(), 1);
  assert.ok(t.pbx.registers.some((r) => r.user === "1001" && r.expires === 0));

  t.manager.register("main/1001");
  await waitFor(allRegistered(t, 2), "registered again");
  assert.equal(t.pbx.bindings.has("1001"), true);
});

test("nothing SIP.js logs through our connector carries a password or an Authorization header", async (ctx) => {
  const t = setup({ accounts: 2, managerOptions: {} });
  ctx.after(() => t.manager.stopAll());
  t.pbx.users["1002"] = "other";
  await t.manager.applyConfig(t.list);
  await waitFor(
    () => t.states.get("main/1002")?.state === "failed" && t.states.get("main/1001")?.state === "registered",
    "settled",
  );
  t.pbx.stop();
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(
    t.logger.lines.some((l) => l.source === "sip.js" && /status code 403/.test(l.message)),
    "SIP.js warnings do arrive",
  );
  for (const l of t.logger.lines) {
    assert.ok(!/Pw-\d-correct-horse/.test(l.message), l.message);
    assert.ok(!/Authorization:/i.test(l.message), l.message);
  }
});
