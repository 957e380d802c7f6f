// Registration states as the log and the supervisor's once-only reports see them.

import { test } from "node:test";
import assert from "node:assert/strict";
import { AccountState, describeError, describeState, sameState } from "../src/registration-state.js";

test("a state reads as one log line; errors name what failed and SIP.js's message", () => {
  assert.equal(
    describeState({
      state: AccountState.RECONNECTING,
      statusCode: 503,
      reason: "Service Unavailable",
      retryInMs: 2000,
    }),
    "reconnecting 503 Service Unavailable retry in 2000 ms",
  );
  assert.equal(describeState({ state: AccountState.REGISTERED }), "registered");
  assert.equal(describeError(new Error("socket closed"), "Transport lost"), "Transport lost: socket closed");
  assert.equal(describeError(undefined, "Transport lost"), "Transport lost");
  assert.equal(describeError({ message: 42 }, "Transport lost"), "Transport lost");
});

test("two reports are the same when state, status, reason, retry and account agree", () => {
  const a = { account: "main/1001", state: "reconnecting", statusCode: 503, reason: "x", retryInMs: 1000 };
  assert.ok(sameState(a, { ...a }));
  for (const change of [
    { account: "main/1002" },
    { state: "failed" },
    { statusCode: 408 },
    { reason: "y" },
    { retryInMs: 2000 },
  ]) {
    assert.ok(!sameState(a, { ...a, ...change }), JSON.stringify(change));
  }
});
