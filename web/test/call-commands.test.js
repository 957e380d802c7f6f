// Java's call commands: which call a command without a call id acts on, and which method it runs.

import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultCallFor, runCallCommand } from "../src/call-commands.js";

const calls = [
  { callId: "a", state: "established" },
  { callId: "b", state: "ringing" },
  { callId: "c", state: "established" },
  { callId: "d", state: "dialing" },
];

test("without a call id: answer/reject take the ringing call, the rest the newest established, else the newest", () => {
  assert.equal(defaultCallFor(calls, "answer").callId, "b");
  assert.equal(defaultCallFor(calls, "reject").callId, "b");
  assert.equal(defaultCallFor(calls, "hangup").callId, "c");
  assert.equal(defaultCallFor(calls.slice(1, 2), "hold").callId, "b");
  assert.equal(defaultCallFor([{ callId: "x", state: "established" }], "answer"), undefined);
  assert.equal(defaultCallFor([], "hangup"), undefined);
});

test("commands run the manager's methods; a missing call does nothing; an unknown command is warned of", () => {
  const ran = [];
  const manager = new Proxy(
    { calls: () => calls, call: (id) => calls.find((c) => c.callId === id) },
    { get: (target, name) => target[name] ?? ((...args) => ran.push([name, ...args])) },
  );
  runCallCommand(manager, { name: "dial", target: "1002", account: "1001" });
  runCallCommand(manager, { name: "mute" });
  runCallCommand(manager, { name: "unmute", callId: "a" });
  runCallCommand(manager, { name: "dtmf", callId: "a" });
  runCallCommand(manager, { name: "dtmf", callId: "a", digits: "9", toneMs: 250, gapMs: 120 });
  runCallCommand(manager, { name: "transfer", target: "1003" });
  runCallCommand(manager, { name: "hangup", callId: "gone" });
  const warnings = [];
  runCallCommand(manager, { name: "fly" }, { warn: (m) => warnings.push(m) });
  assert.deepEqual(ran, [
    ["dial", "1002", { account: "1001", waitForRegistration: true }],
    ["setMuted", "c", true],
    ["setMuted", "a", false],
    ["sendDtmf", "a", "", { toneMs: undefined, gapMs: undefined }],
    ["sendDtmf", "a", "9", { toneMs: 250, gapMs: 120 }],
    ["transfer", "c", "1003"],
  ]);
  assert.deepEqual(warnings, ['unknown call command "fly"']);
});

test("decline rejects the ringing call with 603 Decline (reject alone answers busy)", () => {
  const ran = [];
  const manager = new Proxy(
    { calls: () => calls, call: (id) => calls.find((c) => c.callId === id) },
    { get: (target, name) => target[name] ?? ((...args) => ran.push([name, ...args])) },
  );
  runCallCommand(manager, { name: "decline" });
  runCallCommand(manager, { name: "reject", callId: "b" });
  assert.equal(defaultCallFor(calls, "decline").callId, "b");
  assert.deepEqual(ran, [
    ["reject", "b", { decline: true }],
    ["reject", "b"],
  ]);
});
