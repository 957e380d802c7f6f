// A call card's talk time and live quality indicator (ui/call-quality.js, ui/calls.js), and the
// ticker that reads the media stats every 2 s while a call is established (page-calls.js).

import { test } from "node:test";
import assert from "node:assert/strict";
import { pageWindow } from "./support/dom.js";
import { FakeClock } from "./support/fake-clock.js";
import { elementBuilder } from "../src/ui/dom.js";
import { createCallsView } from "../src/ui/calls.js";
import { formatDuration, qualityDetails, qualityGrade } from "../src/ui/call-quality.js";
import { QUALITY_POLL_MS, createCallTicker } from "../src/page-calls.js";

const call = {
  callId: "c1",
  account: "main/1001",
  direction: "inbound",
  remote: "sip:2001@pbx.test",
  state: "established",
  held: false,
  remoteHeld: false,
  muted: false,
  answeredAt: 1_000_000,
};

function setup(clock) {
  const win = pageWindow();
  const doc = win.document;
  const view = createCallsView({
    h: elementBuilder(doc),
    container: doc.getElementById("calls"),
    onIntent: () => {},
    now: () => clock.now(),
  });
  return { win, doc, view };
}

test("talk time reads mm:ss under an hour and h:mm:ss after", () => {
  assert.equal(formatDuration(0), "00:00");
  assert.equal(formatDuration(65_400), "01:05");
  assert.equal(formatDuration(59 * 60_000 + 59_999), "59:59");
  assert.equal(formatDuration(3_600_000), "1:00:00");
  assert.equal(formatDuration(3_600_000 * 2 + 61_000), "2:01:01");
  assert.equal(formatDuration(-5), "00:00");
});

test("the grade: good, fair or poor from jitter, loss and RTT (and MOS); nothing before any number", () => {
  assert.equal(qualityGrade(undefined), undefined);
  assert.equal(qualityGrade({ codec: "opus/48000" }), undefined);
  assert.equal(qualityGrade({ jitterMs: 3, packetLossPct: 0, rttMs: 40, mos: 4.4 }), "good");
  assert.equal(qualityGrade({ jitterMs: 45, packetLossPct: 0, rttMs: 40 }), "fair");
  assert.equal(qualityGrade({ jitterMs: 3, packetLossPct: 2.5, rttMs: 40 }), "fair");
  assert.equal(qualityGrade({ jitterMs: 3, packetLossPct: 0, rttMs: 450 }), "fair");
  assert.equal(qualityGrade({ jitterMs: 3, packetLossPct: 8, rttMs: 40 }), "poor");
  assert.equal(qualityGrade({ jitterMs: 90, packetLossPct: 0 }), "poor");
  assert.equal(qualityGrade({ jitterMs: 3, packetLossPct: 0, rttMs: 40, mos: 2.9 }), "poor");
  assert.equal(
    qualityDetails({ jitterMs: 3.2, packetLossPct: 0.5, rttMs: 41, codec: "opus/48000", mos: 4.38 }),
    "Call quality good: jitter 3.2 ms, packet loss 0.5 %, round trip 41 ms, MOS 4.38, opus/48000",
  );
});

test("an established call's card counts its talk time from when it was answered", async () => {
  const clock = new FakeClock();
  await clock.advance(1_000_000 + 65_000);
  const t = setup(clock);
  t.view.showCall(call);
  const timer = t.doc.querySelector('[data-call-id="c1"] [data-role="timer"]');
  assert.equal(timer.textContent, "01:05");
  await clock.advance(3_600_000);
  assert.equal(t.view.tick(), true, "a call is still running");
  assert.equal(timer.textContent, "1:01:05");
  t.view.showCall({ ...call, state: "ended", reason: "completed" });
  assert.equal(t.view.tick(), false, "no call left to time");
  t.win.close();
});

test("a ringing call has no timer nor indicator; the indicator shows the grade with the numbers as its title", () => {
  const t = setup(new FakeClock());
  t.view.showCall({ ...call, state: "ringing" });
  assert.equal(t.doc.querySelector("[data-role=timer]"), null);
  assert.equal(t.doc.querySelector("[data-role=quality]"), null);
  t.view.showCall(call);
  const indicator = t.doc.querySelector("[data-role=quality]");
  assert.equal(indicator.dataset.grade, undefined);
  assert.match(indicator.textContent, /Measuring/);
  t.view.showQuality("c1", { jitterMs: 70, packetLossPct: 0.4, rttMs: 120, codec: "PCMU/8000" });
  assert.equal(indicator.dataset.grade, "poor");
  assert.equal(indicator.textContent, "Poor");
  assert.match(indicator.title, /jitter 70 ms, packet loss 0.4 %, round trip 120 ms/);
  // A new state of the call (muted) keeps the last grade.
  t.view.showCall({ ...call, muted: true });
  assert.equal(t.doc.querySelector("[data-role=quality]").dataset.grade, "poor");
  t.win.close();
});

test("the ticker reads each established call's stats every 2 s and stops when no call is established", async () => {
  const clock = new FakeClock();
  const t = setup(clock);
  const reads = [];
  const calls = [call, { ...call, callId: "c2", state: "ringing" }];
  const manager = {
    calls: () => calls,
    liveStats: async (id) => {
      reads.push([id, clock.now()]);
      return { jitterMs: 2, packetLossPct: 0, rttMs: 30 };
    },
  };
  for (const c of calls) t.view.showCall(c);
  const ticker = createCallTicker({ timers: clock, view: t.view, manager: () => manager, log: { debug() {} } });
  ticker.start();
  await clock.advance(QUALITY_POLL_MS * 3);
  assert.deepEqual(
    reads.map(([id]) => id),
    ["c1", "c1", "c1"],
    "only the established call, once per 2 s",
  );
  assert.deepEqual(
    reads.map(([, at]) => at),
    [1000, 3000, 5000],
  );
  assert.equal(t.doc.querySelector('[data-call-id="c1"] [data-role=quality]').dataset.grade, "good");

  t.view.showCall({ ...call, state: "ended", reason: "completed" });
  calls.splice(0, 1);
  await clock.advance(5000);
  assert.equal(clock.pendingDelays().length, 0, "no timer left once no call is established");
  t.win.close();
});

test("no dialer before there is an account to call from", () => {
  const t = setup(new FakeClock());
  const dialer = t.doc.getElementById("dialer");
  assert.equal(dialer.hidden, true, "hidden until the accounts are known");
  t.view.setAccounts([]);
  assert.equal(dialer.hidden, true);
  t.view.setAccounts([{ id: "main/1001", state: "registered" }]);
  assert.equal(dialer.hidden, false);
  t.win.close();
});
