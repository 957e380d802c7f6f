// Call-event times never go backwards when the wall clock is stepped back (clock.js
// monotonicWallClock): the backend refuses an event earlier than the call's previous one.

import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { monotonicWallClock } from "../src/clock.js";
import { startPage } from "../src/page.js";
import * as DeskphoneAccounts from "../src/sip-account-manager.js";
import { createFakeSip } from "./support/fake-sip.js";
import { pageWindow } from "./support/dom.js";

const T0 = 1_760_000_000_000;
const CALL = {
  direction: "inbound",
  account: "1001",
  profile: "main",
  localUri: "sip:1001@pbx.test",
  remoteUri: "sip:1002@pbx.test",
  remoteDisplayName: "Bob",
};

/** A wall clock and a monotonic clock that move only when told; the wall one can be stepped. */
function fakeTime() {
  const time = { wall: T0, monotonic: 500.25 };
  return {
    time,
    sources: { wall: () => time.wall, monotonic: () => time.monotonic },
    pass(ms) {
      time.wall += ms;
      time.monotonic += ms;
    },
  };
}

test("a wall clock stepped back does not pull the time back: it goes on at the monotonic clock's pace", () => {
  const t = fakeTime();
  const now = monotonicWallClock(t.sources);
  assert.equal(now(), T0);
  t.pass(1000);
  assert.equal(now(), T0 + 1000);
  t.time.wall -= 60_000; // stepped back a minute
  assert.equal(now(), T0 + 1000);
  t.pass(2000);
  assert.equal(now(), T0 + 3000);
  t.time.wall += 120_000; // stepped forward past where we are: followed
  assert.equal(now(), T0 + 63_000); // the wall clock's own time: T0 + 1000 - 60_000 + 2000 + 120_000
});

test("asleep, the monotonic clock stands still: on waking the wall clock is followed", () => {
  const t = fakeTime();
  const now = monotonicWallClock(t.sources);
  t.time.wall += 3_600_000;
  assert.equal(now(), T0 + 3_600_000);
});

test("times are whole milliseconds, as the call-event message needs", () => {
  const t = fakeTime();
  const now = monotonicWallClock(t.sources);
  t.time.monotonic += 0.6;
  t.time.wall -= 10;
  assert.equal(now(), T0);
  t.time.monotonic += 0.6;
  assert.equal(now(), T0 + 1);
});

/** Replaces Date.now and performance.now (what the page reads) for one test. */
function useFakeTime(t, time) {
  const dateNow = Date.now;
  const performanceNow = globalThis.performance.now;
  Date.now = () => time.wall;
  globalThis.performance.now = () => time.monotonic;
  t.after(() => {
    Date.now = dateNow;
    globalThis.performance.now = performanceNow;
  });
}

test("page: a call's events stay in order when the wall clock steps back during the call", async (t) => {
  const fake = fakeTime();
  useFakeTime(t, fake.time);
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
  window.Deskphone.receive(
    JSON.stringify({
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
        },
      ],
    }),
  );

  const id = page.callEvents.created(CALL);
  fake.pass(2000);
  fake.time.wall -= 5000; // NTP steps the clock back 5 s while the phone rings
  page.callEvents.answered(id);
  fake.pass(30_000);
  page.callEvents.ended(id, { reason: "completed", endedBy: "local" });
  fake.pass(4000);
  page.callEvents.wrapup(id, { disposition: "sale" });

  const events = toJava.filter((m) => m.type === "call-event" && m.callId === id);
  assert.deepEqual(
    events.map((m) => [m.event, m.at - T0]),
    [
      ["created", 0],
      ["answered", 2000],
      ["ended", 32_000],
      ["wrapup", 36_000],
    ],
  );
  await page.dispose();
});
