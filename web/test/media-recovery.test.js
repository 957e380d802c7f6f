// Re-INVITEs and media recovery over a fake session and a fake clock: the RFC 3261 §14.1 491 delay,
// retries with the hold wanted by then, refusals that end a lost dialog, restores after a transport
// loss, and lost media that gets one ICE restart before the call ends.

import { test } from "node:test";
import assert from "node:assert/strict";
import { MEDIA_RECOVERY_MS, MediaRecovery, glareDelayMs } from "../src/media-recovery.js";
import { FakeClock, settle } from "./support/fake-clock.js";

test("491 delay: 2.1-4 s in 10 ms steps when we own the Call-ID, 0-2 s otherwise", () => {
  assert.equal(
    glareDelayMs(true, () => 0),
    2100,
  );
  assert.equal(
    glareDelayMs(true, () => 0.999999),
    4000,
  );
  assert.equal(
    glareDelayMs(false, () => 0),
    0,
  );
  assert.equal(
    glareDelayMs(false, () => 0.999999),
    2000,
  );
  for (let r = 0; r < 1; r += 0.037) {
    assert.equal(glareDelayMs(true, () => r) % 10, 0);
    assert.equal(glareDelayMs(false, () => r) % 10, 0);
  }
});

/** A session whose re-INVITEs are answered by the test, one response per invite() in order. */
function fakeSession(responses) {
  const sent = [];
  return {
    sent,
    invite(options) {
      sent.push(options.sessionDescriptionHandlerOptions);
      const status = responses.shift();
      queueMicrotask(() => {
        if (status === 200) options.requestDelegate.onAccept();
        else options.requestDelegate.onReject({ message: { statusCode: status, reasonPhrase: "Nope" } });
      });
      return Promise.resolve();
    },
  };
}

function setup({ responses = [], transportUp = true } = {}) {
  const clock = new FakeClock();
  const failed = [];
  const recovery = new MediaRecovery({
    clock,
    random: () => 0,
    update: (call, changes) => Object.assign(call, changes),
    fail: (call, detail, sipStatus, byMedia) => failed.push({ id: call.id, detail, sipStatus, byMedia }),
    transportUp: () => transportUp,
  });
  const call = {
    id: "c1",
    direction: "outbound",
    state: "established",
    held: false,
    media: "connected",
    restores: 0,
    session: fakeSession(responses),
  };
  return { clock, failed, recovery, call };
}

test("a re-INVITE met by 491 is retried after the delay with the hold wanted by then", async () => {
  const t = setup({ responses: [491, 200] });
  const done = t.recovery.reinvite(t.call, { hold: true });
  await settle();
  assert.deepEqual(t.clock.pendingDelays(), [2100]);
  t.call.wantHeld = false;
  await t.clock.advance(2100);
  await done;
  assert.equal(t.call.session.sent.length, 2);
  assert.equal(t.call.session.sent[1].hold, false);
  assert.equal(t.call.held, false);
  assert.deepEqual(t.call.session.sessionDescriptionHandlerOptionsReInvite, { hold: false });
});

test("a refused re-INVITE keeps the call; 481 ends it as lost by the far end", async () => {
  const t = setup({ responses: [488, 481] });
  await assert.rejects(t.recovery.reinvite(t.call, { hold: true }), /refused with 488/);
  assert.equal(t.call.held, false);
  assert.equal(t.call.notice, "Hold refused: 488 Nope");
  assert.deepEqual(t.failed, []);
  await assert.rejects(t.recovery.reinvite(t.call, { hold: false }), /refused with 481/);
  assert.deepEqual(t.failed, [
    { id: "c1", detail: "The far end lost the call (481)", sipStatus: 481, byMedia: undefined },
  ]);
});

test("restore sends an ICE-restart re-INVITE for established calls and counts it once accepted", async () => {
  const t = setup({ responses: [200] });
  const ringing = { ...t.call, id: "c2", state: "ringing", session: fakeSession([]) };
  t.recovery.restore([t.call, ringing]);
  assert.equal(t.call.signalling, "restoring");
  await settle();
  assert.deepEqual(t.call.session.sent, [{ hold: false, iceRestart: true, offerOptions: { iceRestart: true } }]);
  assert.equal(t.call.signalling, "ok");
  assert.equal(t.call.restores, 1);
  assert.deepEqual(ringing.session.sent, []);
});

test("lost media: one ICE restart, then the call fails after MEDIA_RECOVERY_MS unless it reconnects", async () => {
  const t = setup({ responses: [200] });
  t.recovery.onMediaEvent(t.call, "disconnected");
  t.recovery.onMediaEvent(t.call, "failed");
  await settle();
  assert.equal(t.call.session.sent.length, 1, "one ICE restart");
  assert.equal(t.call.session.sent[0].iceRestart, true);
  await t.clock.advance(MEDIA_RECOVERY_MS);
  assert.deepEqual(t.failed, [
    { id: "c1", detail: "The call's audio connection was lost", sipStatus: undefined, byMedia: true },
  ]);

  const u = setup({ responses: [200], transportUp: false });
  u.recovery.onMediaEvent(u.call, "disconnected");
  assert.equal(u.call.session.sent.length, 0, "no re-INVITE without a transport");
  u.recovery.onMediaEvent(u.call, "connected");
  await u.clock.advance(MEDIA_RECOVERY_MS);
  assert.deepEqual(u.failed, []);
  assert.equal(u.call.media, "connected");
});

test("ICE failing before the call is established ends it; forget clears its timers", async () => {
  const t = setup();
  t.call.state = "dialing";
  t.recovery.onMediaEvent(t.call, "failed");
  assert.equal(t.failed[0].detail, "No media path to the other side (ICE failed)");

  const u = setup({ responses: [491], transportUp: false });
  u.recovery.reinvite(u.call, { hold: true }).catch(() => {});
  await settle();
  u.recovery.onMediaEvent(u.call, "disconnected");
  assert.equal(u.clock.pendingDelays().length, 2);
  u.recovery.forget(u.call);
  assert.deepEqual(u.clock.pendingDelays(), []);
});
