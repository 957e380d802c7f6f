// The call manager over fake SIP.js sessions, a fake media handler and a fake clock: call flows,
// re-INVITE handling and the call events (created -> answered -> ended, with the right fields).

import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { CallManager } from "../src/call-manager.js";
import { MEDIA_RECOVERY_MS } from "../src/media-recovery.js";
import { createFakeCallSip, fakeAccounts } from "./support/fake-calls.js";
import { FakeClock, settle } from "./support/fake-clock.js";
import { uuidV4 } from "../src/uuid.js";

// The manager's default ids come from the global crypto, as the WebView and Node 20 have it; Node 18
// (Debian 12's) has it only behind --experimental-global-webcrypto, so lend it node:crypto's.
globalThis.crypto ??= webcrypto;

function setup({ ids, random = () => 0.5, config } = {}) {
  const sip = createFakeCallSip();
  const accounts = fakeAccounts(ids);
  const clock = new FakeClock();
  const events = [];
  const changes = [];
  const recorder = {
    created: (call) => events.push(["created", call]),
    answered: (callId, when) => events.push(["answered", callId, when]),
    ended: (callId, info) => events.push(["ended", callId, info]),
    wrapup: () => {},
  };
  let n = 0;
  const manager = new CallManager({
    sip,
    accounts,
    events: recorder,
    clock,
    random,
    onChange: (c) => changes.push(c),
    makeId: () => `call-${++n}`,
  });
  if (config) manager.setConfig(config);
  const incoming = (accountId = accounts.accountIds()[0], identity) => {
    const invitation = new sip.Invitation(accounts.userAgent(accountId), identity);
    manager.delegateFor(accountId).onInvite(invitation);
    manager.onMediaHandler({
      ...invitation.sessionDescriptionHandler,
      session: invitation,
      onMediaEvent: (fn) => invitation.sessionDescriptionHandler.onMediaEvent(fn),
    });
    return invitation;
  };
  const lastOutbound = () => sip.sessions.filter((s) => s instanceof sip.Inviter).at(-1);
  return { sip, accounts, clock, events, changes, manager, incoming, lastOutbound };
}

test("inbound: ringing with 180, answered, remote BYE -> events in order with the quality read before the media closed", async () => {
  const t = setup();
  const inv = t.incoming("main/1001", { from: "sip:2001@pbx.test", displayName: "Customer" });
  assert.equal(inv.progressed, 1, "180 Ringing sent");
  const [ringing] = t.manager.calls();
  assert.equal(ringing.state, "ringing");
  assert.equal(ringing.account, "main/1001");
  assert.deepEqual(t.events[0], [
    "created",
    {
      at: 0,
      callId: "call-1",
      direction: "inbound",
      account: "1001",
      profile: "main",
      localUri: "sip:1001@pbx.test",
      remoteUri: "sip:2001@pbx.test",
      remoteDisplayName: "Customer",
    },
  ]);

  await t.manager.answer("call-1");
  assert.deepEqual(inv.accepted, { sessionDescriptionHandlerOptions: { hold: false } });
  assert.deepEqual(t.events[1], ["answered", "call-1", { at: 0 }]);

  inv.remoteBye();
  await settle();
  assert.deepEqual(
    t.events.map((e) => e[0]),
    ["created", "answered", "ended"],
  );
  assert.deepEqual(t.events[2], [
    "ended",
    "call-1",
    {
      reason: "completed",
      sipStatus: undefined,
      endedBy: "remote",
      quality: { jitterMs: 1.5, packetLossPct: 0, rttMs: 20, codec: "opus/48000", mos: 4.4 },
    },
  ]);
  assert.deepEqual(t.manager.calls(), []);
  assert.equal(t.changes.at(-1).state, "ended");
});

test("inbound: the caller cancels -> missed; reject -> 486 busy; decline -> 603 rejected", async () => {
  const t = setup();
  t.incoming().callerCancels();
  const inv2 = t.incoming();
  await t.manager.reject("call-2");
  const inv3 = t.incoming();
  await t.manager.reject("call-3", { decline: true });
  await settle();
  assert.deepEqual(inv2.rejected, { statusCode: 486 });
  assert.deepEqual(inv3.rejected, { statusCode: 603 });
  const ended = t.events.filter((e) => e[0] === "ended").map((e) => [e[1], e[2].reason, e[2].sipStatus, e[2].endedBy]);
  assert.deepEqual(ended, [
    ["call-1", "missed", 487, "remote"],
    ["call-2", "busy", 486, "local"],
    ["call-3", "rejected", 603, "local"],
  ]);
  assert.ok(!t.events.some((e) => e[0] === "answered"), "never answered");
});

test("outbound: a number dials sip:NUMBER@domain; 180 -> ringback; 486 -> busy; 480 -> failed with the status", async () => {
  const t = setup();
  const call = t.manager.dial("1002");
  const inviter = t.lastOutbound();
  assert.equal(inviter.target.toString(), "sip:1002@pbx.test");
  assert.equal(inviter.options.earlyMedia, true);
  assert.equal(call.state, "dialing");
  assert.equal(t.events[0][1].direction, "outbound");
  assert.equal(t.events[0][1].remoteUri, "sip:1002@pbx.test");
  inviter.ring(180);
  assert.equal(t.manager.call(call.callId).state, "ringback");
  inviter.refuse(486, "Busy Here");
  t.manager.dial("sip:1003@pbx.test");
  t.lastOutbound().refuse(480, "Temporarily Unavailable");
  await settle();
  const ended = t.events.filter((e) => e[0] === "ended").map((e) => [e[2].reason, e[2].sipStatus, e[2].endedBy]);
  assert.deepEqual(ended, [
    ["busy", 486, "remote"],
    ["failed", 480, "remote"],
  ]);
  assert.match(t.changes.at(-1).detail, /480 Temporarily Unavailable/);
});

test("outbound: cancel before answer -> CANCEL, reason cancelled by local; a bad target is refused with a message", async () => {
  const t = setup();
  const call = t.manager.dial("user@example.org");
  assert.equal(t.lastOutbound().target.toString(), "sip:user@example.org");
  await t.manager.hangup(call.callId);
  await settle();
  assert.ok(t.lastOutbound().cancelled);
  assert.deepEqual(t.events.at(-1).slice(2), [
    { reason: "cancelled", sipStatus: undefined, endedBy: "local", quality: undefined },
  ]);
  assert.throws(() => t.manager.dial("not a number!"), /not a number or a SIP URI/);
});

test("dial without a registered account fails, or waits for the registration when asked (deskphone dial)", async () => {
  const t = setup();
  t.accounts.states.set("main/1001", "reconnecting");
  t.manager.onAccountState({ account: "main/1001", state: "reconnecting" });
  assert.throws(() => t.manager.dial("1002"), /No registered account/);
  t.manager.command({ name: "dial", target: "1002" });
  assert.equal(t.sip.sessions.length, 0);
  t.manager.onAccountState({ account: "main/1001", state: "registered" });
  assert.equal(t.lastOutbound().target.toString(), "sip:1002@pbx.test");
});

test("hold and resume are re-INVITEs with the hold flag; the call is held once the far end accepts", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  const holding = t.manager.hold("call-1");
  assert.equal(inv.lastReinvite.sessionDescriptionHandlerOptions.hold, true);
  assert.equal(t.manager.call("call-1").held, false, "not held before the answer");
  inv.acceptReinvite();
  await holding;
  assert.equal(t.manager.call("call-1").held, true);
  assert.deepEqual(inv.sessionDescriptionHandlerOptionsReInvite, { hold: true });
  const resuming = t.manager.resume("call-1");
  assert.equal(inv.lastReinvite.sessionDescriptionHandlerOptions.hold, false);
  inv.acceptReinvite();
  await resuming;
  assert.equal(t.manager.call("call-1").held, false);
});

test("491 on our re-INVITE: retried after 2.1-4 s when we called (we own the Call-ID), 0-2 s when we were called", async () => {
  const t = setup({ random: () => 0.5 });
  const call = t.manager.dial("1002");
  const out = t.lastOutbound();
  out.answer();
  const holding = t.manager.hold(call.callId);
  out.rejectReinvite(491, "Request Pending");
  assert.equal(out.reinvites.length, 1);
  // 2100 + 10 * floor(0.5 * 191) = 3050 ms
  assert.deepEqual(t.clock.pendingDelays(), [3050]);
  await t.clock.advance(3049);
  assert.equal(out.reinvites.length, 1);
  await t.clock.advance(1);
  assert.equal(out.reinvites.length, 2);
  assert.equal(out.lastReinvite.sessionDescriptionHandlerOptions.hold, true);
  out.acceptReinvite();
  await holding;
  assert.equal(t.manager.call(call.callId).held, true);

  const inv = t.incoming();
  await t.manager.answer("call-2");
  t.manager.hold("call-2").catch(() => {});
  inv.rejectReinvite(491);
  // 0 + 10 * floor(0.5 * 201) = 1000 ms
  assert.deepEqual(t.clock.pendingDelays(), [1000]);
});

test("a refused re-INVITE (488) leaves the call established as it was, and the next one works", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  const holding = t.manager.hold("call-1");
  inv.rejectReinvite(488, "Not Acceptable Here");
  await assert.rejects(holding, /488/);
  const call = t.manager.call("call-1");
  assert.equal(call.state, "established");
  assert.equal(call.held, false);
  assert.match(call.notice, /Hold refused: 488/);
  // SIP.js would answer the far end's next re-INVITE with these options: not on hold.
  assert.deepEqual(inv.sessionDescriptionHandlerOptionsReInvite, { hold: false });
  const again = t.manager.hold("call-1");
  inv.acceptReinvite();
  await again;
  assert.equal(t.manager.call("call-1").held, true);
});

test("the far end's hold is seen from its re-INVITE's SDP direction", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  inv.remoteReinvite("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendonly\r\n");
  assert.equal(t.manager.call("call-1").remoteHeld, true);
  inv.remoteReinvite("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\n");
  assert.equal(t.manager.call("call-1").remoteHeld, false);
});

test("DTMF goes as RFC 4733 when negotiated, else as one SIP INFO per digit", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  assert.deepEqual(await t.manager.sendDtmf("call-1", "12#"), { via: "rfc4733" });
  assert.equal(inv.infos.length, 0);
  inv.sessionDescriptionHandler.dtmfNegotiated = false;
  assert.deepEqual(await t.manager.sendDtmf("call-1", "5*"), { via: "info" });
  assert.deepEqual(inv.infos, [
    { contentDisposition: "render", contentType: "application/dtmf-relay", content: "Signal=5\r\nDuration=160" },
    { contentDisposition: "render", contentType: "application/dtmf-relay", content: "Signal=*\r\nDuration=160" },
  ]);
  await assert.rejects(t.manager.sendDtmf("call-1", "x"), /not 0-9/);
});

test("DTMF tone and gap lengths asked for reach the media handler, and the SIP INFO duration", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  await t.manager.sendDtmf("call-1", "1");
  await t.manager.sendDtmf("call-1", "9", { toneMs: 250, gapMs: 120 });
  assert.deepEqual(inv.sessionDescriptionHandler.dtmfOptions, [{}, { duration: 250, interToneGap: 120 }]);
  inv.sessionDescriptionHandler.dtmfNegotiated = false;
  await t.manager.sendDtmf("call-1", "#", { toneMs: 400 });
  assert.equal(inv.infos.at(-1).content, "Signal=#\r\nDuration=400");
});

test("call waiting: a second call rings as waiting, is not auto-answered, and answering it holds the first", async () => {
  const t = setup({ config: { autoAnswerSeconds: 0, accounts: [] } });
  const first = t.incoming();
  await t.clock.advance(0);
  assert.equal(t.manager.call("call-1").state, "established", "auto-answered at once");
  const second = t.incoming();
  assert.equal(t.manager.call("call-2").waiting, true);
  await t.clock.advance(5000);
  assert.equal(second.accepted, null, "a waiting call is not auto-answered");
  const answering = t.manager.answer("call-2");
  await settle();
  assert.equal(first.lastReinvite.sessionDescriptionHandlerOptions.hold, true, "first call held");
  assert.equal(second.accepted, null, "answered only once the first is held");
  first.acceptReinvite();
  await answering;
  assert.ok(second.accepted);
  assert.equal(t.manager.call("call-1").held, true);
  assert.equal(t.manager.call("call-2").state, "established");
});

test("auto-answer at 0: accepted on the INVITE, before anything is rendered or told to Java; shown and reported once the 200 OK is out", async () => {
  const t = setup({ config: { autoAnswerSeconds: 0, accounts: [] } });
  const invitation = new t.sip.Invitation(t.accounts.userAgent("main/1001"));
  let sendOk;
  invitation.accept = (options) => {
    invitation.accepted = options;
    // As SIP.js: the 200 OK goes out once the media handler has made the answer, later.
    return new Promise((resolve) => {
      sendOk = () => {
        invitation.transition(t.sip.SessionState.Established);
        resolve();
      };
    });
  };
  t.manager.delegateFor("main/1001").onInvite(invitation);
  assert.deepEqual(
    invitation.accepted,
    { sessionDescriptionHandlerOptions: { hold: false } },
    "accepted at once, no timer",
  );
  assert.equal(invitation.progressed, 0, "no 180 before the 200 OK");
  await settle();
  assert.deepEqual(t.changes, [], "no card and no call-state before the 200 OK");
  assert.deepEqual(t.events, [], "no call event before the 200 OK");

  await t.clock.advance(40);
  sendOk();
  await settle();
  assert.deepEqual(
    t.changes.map((c) => [c.state, c.autoAnswerAtOnce]),
    [
      ["ringing", true],
      ["established", true],
    ],
    "then the call as it went: ringing (answered at once), established",
  );
  assert.deepEqual(
    t.events.map(([name]) => name),
    ["created", "answered"],
  );
  const createdAt = t.changes[0].createdAt;
  assert.equal(t.events[0][1].at, createdAt, "created when the INVITE arrived, not when reported");
  assert.equal(t.events[1][2].at, t.changes[1].answeredAt, "answered when the 200 OK went out");
  assert.ok(t.changes[1].answeredAt > createdAt);

  // From then on the call reports at once.
  invitation.remoteBye();
  await settle();
  assert.equal(t.changes.at(-1).state, "ended");
  assert.equal(t.events.at(-1)[0], "ended");
});

test("auto-answer at 0 that fails: the call still shows and reports, in order, as failed", async () => {
  const t = setup({ config: { autoAnswerSeconds: 0, accounts: [] } });
  const invitation = new t.sip.Invitation(t.accounts.userAgent("main/1001"));
  invitation.accept = () => Promise.reject(new Error("no microphone"));
  t.manager.delegateFor("main/1001").onInvite(invitation);
  await settle();
  assert.deepEqual(
    t.changes.map((c) => c.state),
    ["ringing", "ended"],
  );
  assert.equal(t.changes.at(-1).reason, "failed");
  assert.deepEqual(
    t.events.map(([name]) => name),
    ["created", "ended"],
  );
});

test("auto-answer after the account's delay (profile setting); the command line's delay wins", async () => {
  const t = setup({ config: { accounts: [{ id: "main/1001", autoAnswerSeconds: 3 }] } });
  const inv = t.incoming();
  await t.clock.advance(2999);
  assert.equal(inv.accepted, null);
  await t.clock.advance(1);
  assert.ok(inv.accepted);

  const u = setup({ config: { autoAnswerSeconds: 1, accounts: [{ id: "main/1001", autoAnswerSeconds: 3 }] } });
  const inv2 = u.incoming();
  await u.clock.advance(1000);
  assert.ok(inv2.accepted);
});

test("a caller's auto-answer request (Call-Info answer-after, Alert-Info) is honoured only when the profile allows it", async () => {
  const intercom = { headers: { "Call-Info": "<sip:pbx.test>;answer-after=0" } };
  const allowed = setup({ config: { accounts: [{ id: "main/1001", headerAutoAnswer: true }] } });
  const answered = allowed.incoming("main/1001", intercom);
  await allowed.clock.advance(0);
  assert.ok(answered.accepted, "answered at once, as the caller asked");
  assert.equal(allowed.manager.call("call-1").state, "established");

  const off = setup({ config: { accounts: [{ id: "main/1001", headerAutoAnswer: false }] } });
  const ringing = off.incoming("main/1001", intercom);
  await off.clock.advance(60_000);
  assert.equal(ringing.accepted, null, "the profile does not honour it: the call rings");
  assert.equal(off.manager.call("call-1").state, "ringing");

  const paging = setup({ config: { accounts: [{ id: "main/1001", headerAutoAnswer: true }] } });
  const alert = paging.incoming("main/1001", {
    headers: { "alert-info": "<http://pbx.test/ring>;info=alert-autoanswer;delay=2" },
  });
  await paging.clock.advance(1999);
  assert.equal(alert.accepted, null);
  await paging.clock.advance(1);
  assert.ok(alert.accepted, "answered after the Alert-Info's delay");

  const plain = setup({ config: { accounts: [{ id: "main/1001", headerAutoAnswer: true }] } });
  const normal = plain.incoming("main/1001");
  await plain.clock.advance(60_000);
  assert.equal(normal.accepted, null, "no request in the INVITE: it rings");

  const sooner = setup({ config: { accounts: [{ id: "main/1001", autoAnswerSeconds: 10, headerAutoAnswer: true }] } });
  const both = sooner.incoming("main/1001", { headers: { "Call-Info": "<sip:pbx.test>;answer-after=1" } });
  await sooner.clock.advance(1000);
  assert.ok(both.accepted, "the sooner of the profile's delay and the caller's request");
});

test("transport lost mid-call: the call stays; once registered again it is restored with an ICE-restart re-INVITE", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  t.accounts.uas.get("main/1001").connected = false;
  t.manager.onAccountState({ account: "main/1001", state: "reconnecting" });
  assert.equal(t.manager.call("call-1").state, "established");
  t.accounts.uas.get("main/1001").connected = true;
  t.manager.onAccountState({ account: "main/1001", state: "registered" });
  const options = inv.lastReinvite.sessionDescriptionHandlerOptions;
  assert.equal(options.iceRestart, true);
  assert.equal(options.offerOptions.iceRestart, true);
  assert.equal(options.hold, false);
  assert.equal(t.manager.call("call-1").signalling, "restoring");
  assert.equal(t.manager.call("call-1").restores, 0);
  inv.acceptReinvite();
  await settle();
  assert.deepEqual(
    inv.sessionDescriptionHandlerOptionsReInvite,
    { hold: false },
    "later re-INVITEs without ICE restart",
  );
  assert.equal(t.manager.call("call-1").signalling, "ok");
  assert.equal(t.manager.call("call-1").restores, 1, "counted, for the status and the tests that see it");
});

test("hanging up while the transport is down ends the call locally (no stuck call)", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  t.accounts.uas.get("main/1001").connected = false;
  await t.manager.hangup("call-1");
  await settle();
  assert.ok(inv.disposed);
  assert.equal(inv.byes, 0);
  assert.deepEqual(t.events.at(-1)[2].reason, "completed");
  assert.deepEqual(t.manager.calls(), []);
});

test("media lost: one ICE restart; if the audio does not come back the call ends as failed", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  inv.sessionDescriptionHandler.emit("connected");
  inv.sessionDescriptionHandler.emit("disconnected");
  assert.equal(inv.lastReinvite.sessionDescriptionHandlerOptions.iceRestart, true);
  await t.clock.advance(MEDIA_RECOVERY_MS);
  await settle();
  assert.equal(inv.byes, 1);
  const [, , info] = t.events.at(-1);
  assert.equal(info.reason, "failed");
  assert.equal(info.quality.codec, "opus/48000");

  const u = setup();
  const inv2 = u.incoming();
  await u.manager.answer("call-1");
  inv2.sessionDescriptionHandler.emit("disconnected");
  inv2.sessionDescriptionHandler.emit("connected");
  await u.clock.advance(MEDIA_RECOVERY_MS);
  assert.equal(u.manager.call("call-1").state, "established", "recovered media keeps the call");
});

test("blind transfer REFERs the far end and ends this leg once accepted", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  await t.manager.transfer("call-1", "1005");
  assert.equal(inv.refers[0].uri, "sip:1005@pbx.test");
  inv.refers[0].options.requestDelegate.onAccept();
  await settle();
  assert.equal(inv.byes, 1);
  assert.equal(t.events.at(-1)[2].reason, "completed");
});

test("an events object that throws never breaks a call", async () => {
  const sip = createFakeCallSip();
  const accounts = fakeAccounts();
  const boom = () => {
    throw new Error("outbox full");
  };
  const manager = new CallManager({
    sip,
    accounts,
    events: { created: boom, answered: boom, ended: boom },
    clock: new FakeClock(),
  });
  const call = manager.dial("1002");
  sip.sessions[0].answer();
  assert.equal(manager.call(call.callId).state, "established");
});

test("call ids are UUID v4 from getRandomValues", () => {
  const id = uuidV4({ getRandomValues: (a) => a.fill(0xab) });
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(uuidV4(), uuidV4());
});

test("inbound: a caller's 10 000-character name and URI are clipped where they enter, for the card, Java and the events", () => {
  const t = setup();
  t.incoming("main/1001", {
    from: `sip:${"a".repeat(10_000)}@pbx.test`,
    displayName: `\u202E<b>${"x".repeat(10_000)}\u0000`,
    to: `sip:1001@${"h".repeat(10_000)}`,
  });
  const [created] = t.events;
  assert.equal(created[1].remoteDisplayName, `\u202E<b>${"x".repeat(251)}…`);
  assert.equal(Array.from(created[1].remoteUri).length, 512);
  assert.match(created[1].remoteUri, /^sip:a+…$/);
  assert.equal(Array.from(created[1].localUri).length, 512);
  assert.equal(
    t.changes.at(-1).remoteDisplayName,
    created[1].remoteDisplayName,
    "the card shows the same clipped name",
  );
  assert.equal(t.changes.at(-1).remote, created[1].remoteUri);
});

test("outbound: a far end's 10 000-character reason phrase is clipped in what the agent is shown", async () => {
  const t = setup();
  t.manager.dial("1002");
  t.lastOutbound().refuse(480, `Gone\u0007${"z".repeat(10_000)}`);
  await settle();
  const { detail } = t.changes.at(-1);
  assert.ok(detail.startsWith("480 Gone\ufffdzzz"));
  assert.ok(detail.endsWith("…"));
  assert.ok(detail.length < 300);
});

test("inbound: a quoted display name's quoted-pairs are undone (RFC 3261 §25.1) before it is shown and stored", () => {
  const t = setup();
  t.incoming("main/1001", { from: "sip:2001@pbx.test", displayName: 'Bob \\"the\\" \\\\ builder\\\u0007' });
  assert.equal(t.events[0][1].remoteDisplayName, 'Bob "the" \\ builder\ufffd');
});

test("the far end's User-Agent and the Reason of its BYE or CANCEL go into the call's end as sent", async () => {
  const hostile = `<b>x</b>\u0007\u202eevil 🎉${"ua".repeat(400)}`;
  const t = setup();
  const inv = t.incoming("main/1001", { headers: { "User-Agent": hostile } });
  await t.manager.answer(t.manager.calls()[0].callId);
  inv.remoteBye({ Reason: 'Q.850;cause=16;text="Terminated"', "User-Agent": "ignored: known from the INVITE" });
  await settle();
  assert.equal(inv.lastBye.accepted, true, "the BYE is still answered");
  const ended = t.events.find((e) => e[0] === "ended")[2];
  assert.equal(ended.remoteUserAgent, hostile);
  assert.equal(ended.remoteReason, 'Q.850;cause=16;text="Terminated"');

  const cancelled = t.incoming("main/1001");
  cancelled.callerCancels({ Reason: 'SIP;cause=200;text="Call completed elsewhere"', "User-Agent": "PBX 1.0" });
  await settle();
  const missed = t.events.filter((e) => e[0] === "ended").at(-1)[2];
  assert.equal(missed.reason, "missed");
  assert.equal(missed.remoteReason, 'SIP;cause=200;text="Call completed elsewhere"');
  assert.equal(missed.remoteUserAgent, "PBX 1.0");
});

test("an outbound call's far end names itself in its responses' Server header", async () => {
  const t = setup();
  t.manager.dial("2001");
  const out = t.lastOutbound();
  out.ring(180, { Server: "Acme PBX 9" });
  out.refuse(486, "Busy Here");
  await settle();
  const ended = t.events.find((e) => e[0] === "ended")[2];
  assert.equal(ended.remoteUserAgent, "Acme PBX 9");
  assert.equal(ended.remoteReason, undefined);
});
