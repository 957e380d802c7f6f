// Dials waiting for their account: taken when ready, oldest first, or dropped after the wait.

import { test } from "node:test";
import assert from "node:assert/strict";
import { DIAL_WAIT_MS, DialQueue } from "../src/dial-queue.js";
import { FakeClock } from "./support/fake-clock.js";

test("ready dials are taken oldest first with their timers cleared; the others keep waiting", () => {
  const clock = new FakeClock();
  const queue = new DialQueue({ clock });
  const expired = [];
  queue.add("1002", "main/1001", () => expired.push("1002"));
  queue.add("1003", undefined, () => expired.push("1003"));
  queue.add("1004", "main/1001", () => expired.push("1004"));
  assert.deepEqual(clock.pendingDelays(), [DIAL_WAIT_MS, DIAL_WAIT_MS, DIAL_WAIT_MS]);
  assert.deepEqual(
    queue.takeReady((account) => account === "main/1001"),
    [
      { target: "1002", account: "main/1001" },
      { target: "1004", account: "main/1001" },
    ],
  );
  assert.equal(queue.size, 1);
  assert.deepEqual(clock.pendingDelays(), [DIAL_WAIT_MS]);
  assert.deepEqual(
    queue.takeReady(() => false),
    [],
  );
  assert.deepEqual(expired, []);
});

test("a dial still waiting after the wait is dropped and reported once", async () => {
  const clock = new FakeClock();
  const queue = new DialQueue({ clock, waitMs: 1000 });
  const expired = [];
  queue.add("1002", undefined, () => expired.push("1002"));
  await clock.advance(999);
  assert.deepEqual(expired, []);
  await clock.advance(1);
  assert.deepEqual(expired, ["1002"]);
  assert.equal(queue.size, 0);
  assert.deepEqual(
    queue.takeReady(() => true),
    [],
  );
});
