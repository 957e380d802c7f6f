import { test } from "node:test";
import assert from "node:assert/strict";
import { createBridge } from "../src/bridge.js";

/** Plays Java's bridge object: records what it gets, answers like the real one. */
function fakeJava(answer = () => '{"ok":true}') {
  const received = [];
  return {
    received,
    send: (json) => {
      received.push(JSON.parse(json));
      return answer(json);
    },
  };
}

test("messages sent before Java attaches wait, then go out in order on attach", () => {
  const host = {};
  const bridge = createBridge({ host });
  bridge.send({ type: "ready" });
  bridge.send({ type: "log", level: "info", source: "page", message: "booting" });
  bridge.send({ type: "account-state", account: "main/1001", state: "connecting" });
  assert.equal(bridge.pending, 3);
  assert.equal(bridge.attached, false);

  host.deskphoneJava = fakeJava();
  assert.equal(bridge.attach(), true);
  assert.deepEqual(
    host.deskphoneJava.received.map((m) => m.type),
    ["ready", "log", "account-state"],
  );
  assert.equal(bridge.pending, 0);

  bridge.send({ type: "account-state", account: "main/1001", state: "registered" });
  assert.equal(host.deskphoneJava.received.length, 4, "after attach: straight through");
  assert.deepEqual(host.deskphoneJava.received[3], {
    type: "account-state",
    account: "main/1001",
    state: "registered",
  });
});

test("attach without deskphoneJava is reported, and messages keep waiting", () => {
  const errors = [];
  const bridge = createBridge({ host: {}, onError: (e) => errors.push(e) });
  bridge.send({ type: "ready" });
  assert.equal(bridge.attach(), false);
  assert.match(errors[0], /deskphoneJava is missing/);
  assert.equal(bridge.pending, 1);
});

test("a page Java never attaches to keeps a bounded buffer, dropping old log lines first", () => {
  const host = {};
  const bridge = createBridge({ host, maxBuffered: 5 });
  bridge.send({ type: "ready" });
  for (let i = 0; i < 10; i++) bridge.send({ type: "log", level: "info", source: "p", message: `line ${i}` });
  assert.equal(bridge.pending, 5);
  host.deskphoneJava = fakeJava();
  bridge.attach();
  const got = host.deskphoneJava.received;
  assert.equal(got[0].type, "ready", "non-log messages survive");
  assert.deepEqual(
    got.slice(1).map((m) => m.message),
    ["line 6", "line 7", "line 8", "line 9"],
  );
});

test("Java's error answers and exceptions are reported, never thrown", () => {
  const errors = [];
  const host = { deskphoneJava: fakeJava(() => '{"ok":false,"error":"unknown type"}') };
  const bridge = createBridge({ host, onError: (e) => errors.push(e) });
  bridge.attach();
  bridge.send({ type: "settings", requestId: "r1", action: "nope", values: {} });
  assert.match(errors[0], /"settings" message with: unknown type/);
  host.deskphoneJava.send = () => {
    throw new Error("boom");
  };
  assert.doesNotThrow(() => bridge.send({ type: "ready" }));
  assert.match(errors[1], /Java refused a "ready" message: boom/);
  bridge.send({ nope: true });
  assert.match(errors[2], /without a "type"/);
});

test("receive dispatches by type, survives bad input and failing handlers", () => {
  const errors = [];
  const bridge = createBridge({ host: {}, onError: (e) => errors.push(e) });
  const configs = [];
  const all = [];
  bridge.on("config", (m) => configs.push(m));
  bridge.on("*", (m) => all.push(m.type));
  const off = bridge.on("command", () => {
    throw new Error("handler bug");
  });

  assert.equal(bridge.receive('{"type":"config","accounts":[],"profiles":[],"maxAccounts":6}'), true);
  assert.deepEqual(configs, [{ type: "config", accounts: [], profiles: [], maxAccounts: 6 }]);
  assert.equal(bridge.receive('{"type":"command","name":"register","account":"main/1001"}'), true);
  assert.match(errors[0], /handler for "command" failed: Error: handler bug/);
  off();
  assert.equal(bridge.receive("{not json"), false);
  assert.match(errors[1], /not JSON/);
  assert.equal(bridge.receive('{"no":"type"}'), false);
  assert.deepEqual(all, ["config", "command"]);
});
