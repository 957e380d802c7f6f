// Attended transfer over fake SIP.js sessions (RFC 5589 §7): consult holds the caller and dials the
// target; complete REFERs the caller with Replaces for the consultation's dialog and ends both calls
// once the caller's NOTIFY reports 2xx; cancel ends the consultation and resumes the caller; two
// calls the agent already has are joined the same way. Dialling while on a call holds it first, and
// an INVITE with Replaces for one of our calls takes its place without ringing.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CallManager } from "../src/call-manager.js";
import { referTarget, sipfragStatus } from "../src/call-transfer.js";
import { runCallCommand } from "../src/call-commands.js";
import * as SIP from "sip.js";
import { createFakeCallSip, fakeAccounts } from "./support/fake-calls.js";
import { FakeClock, settle } from "./support/fake-clock.js";

function setup() {
  const sip = createFakeCallSip();
  const accounts = fakeAccounts(["main/1001"]);
  const events = [];
  const changes = [];
  let n = 0;
  const manager = new CallManager({
    sip,
    accounts,
    clock: new FakeClock(),
    events: {
      created: (call) => events.push(["created", call.callId]),
      answered: (callId) => events.push(["answered", callId]),
      ended: (callId, info) => events.push(["ended", callId, info]),
      wrapup: () => {},
    },
    onChange: (c) => changes.push(c),
    makeId: () => `call-${++n}`,
  });
  const incoming = (identity) => {
    const invitation = new sip.Invitation(accounts.userAgent("main/1001"), identity);
    manager.delegateFor("main/1001").onInvite(invitation);
    return invitation;
  };
  const lastOutbound = () => sip.sessions.filter((s) => s instanceof sip.Inviter).at(-1);
  return { sip, manager, events, changes, incoming, lastOutbound };
}

/** The dialog SIP.js keeps for an established session, with the target's Contact at `host`. */
function withDialog(session, { host = "df7jal23ls0d.invalid", callId = "consult-1" } = {}) {
  session.dialog = { remoteTarget: { host }, callId, remoteTag: "c-tag", localTag: "a-tag" };
  session.remoteIdentity ??= { uri: { toString: () => "sip:1003@pbx.test" }, friendlyName: "1003" };
  return session;
}

/** A caller on an answered inbound call, and the agent's consultation of 1003, answered. */
async function consulting(t) {
  const caller = t.incoming({ from: "sip:1002@pbx.test" });
  await t.manager.answer("call-1");
  const consult = t.manager.consult("call-1", "1003");
  caller.acceptReinvite(); // the hold
  await settle();
  const target = withDialog(t.lastOutbound());
  target.answer();
  await settle();
  return { caller, target, consultId: consult.callId };
}

const notify = (body) => ({
  request: { body },
  accepted: 0,
  accept() {
    this.accepted++;
  },
});

test("consult holds the caller and calls the target from the same account: two cards, linked", async () => {
  const t = setup();
  const { caller, consultId } = await consulting(t);
  assert.equal(caller.reinvites[0].sessionDescriptionHandlerOptions.hold, true, "the caller is held first");
  assert.equal(t.manager.call("call-1").held, true);
  assert.equal(t.lastOutbound().target.toString(), "sip:1003@pbx.test");
  assert.equal(consultId, "call-2");
  assert.equal(t.manager.call("call-1").consultCall, "call-2");
  assert.equal(t.manager.call("call-2").consultFor, "call-1");
  assert.equal(t.manager.calls().length, 2);
  assert.throws(() => t.manager.consult("call-1", "1004"), /already has a consultation/);
});

test("complete REFERs the caller with Replaces for the consultation; both calls end on NOTIFY 200, with the transfer in their events", async () => {
  const t = setup();
  const { caller, target } = await consulting(t);
  await t.manager.completeTransfer("call-2"); // from either card
  assert.equal(caller.refers.length, 1);
  const referTo = caller.refers[0].target;
  // SIP.js's refer() writes Refer-To from this: the AOR (the Contact is *.invalid), with the consultation's dialog ids.
  assert.equal(referTo.dialog.remoteTarget.toString(), "sip:1003@pbx.test");
  assert.deepEqual(
    [referTo.dialog.callId, referTo.dialog.remoteTag, referTo.dialog.localTag],
    ["consult-1", "c-tag", "a-tag"],
  );
  const { requestDelegate, onNotify } = caller.refers[0].options;
  requestDelegate.onAccept();
  const trying = notify("SIP/2.0 100 Trying");
  onNotify(trying);
  await settle();
  assert.equal(trying.accepted, 1);
  assert.equal(t.manager.calls().length, 2, "nothing ends before the caller's INVITE is answered");
  onNotify(notify("SIP/2.0 200 OK\r\n"));
  await settle();
  assert.equal(caller.byes, 1, "the caller's leg is hung up");
  assert.equal(target.byes, 1, "the consultation ends too");
  assert.deepEqual(t.manager.calls(), []);
  const ended = t.events.filter((e) => e[0] === "ended");
  assert.deepEqual(
    ended.map((e) => [e[1], e[2].reason, e[2].transfer]),
    [
      ["call-1", "completed", { kind: "attended", target: "sip:1003@pbx.test" }],
      ["call-2", "completed", { kind: "attended", target: "sip:1003@pbx.test" }],
    ],
  );
});

test("a transfer the caller could not complete keeps both calls, says why, and carries no transfer if they end later", async () => {
  const t = setup();
  const { caller, target } = await consulting(t);
  await t.manager.completeTransfer("call-1");
  caller.refers[0].options.requestDelegate.onAccept();
  caller.refers[0].options.onNotify(notify("SIP/2.0 481 Call/Transaction Does Not Exist"));
  await settle();
  assert.equal(t.manager.calls().length, 2);
  assert.match(t.manager.call("call-1").notice, /Transfer failed: .*481/);
  target.remoteBye();
  caller.remoteBye();
  await settle();
  assert.ok(t.events.filter((e) => e[0] === "ended").every((e) => e[2].transfer === undefined));
});

test("a refused REFER (603) keeps both calls and tells the agent", async () => {
  const t = setup();
  const { caller } = await consulting(t);
  await t.manager.completeTransfer("call-1");
  caller.refers[0].options.requestDelegate.onReject({ message: { statusCode: 603, reasonPhrase: "Decline" } });
  assert.equal(t.manager.calls().length, 2);
  assert.equal(t.manager.call("call-1").notice, "Transfer failed: 603 Decline");
});

/** A caller on an answered inbound call, held, and the agent's consultation of 1003 ringing. */
async function consultingWhileTheTargetRings(t) {
  const caller = t.incoming({ from: "sip:1002@pbx.test" });
  await t.manager.answer("call-1");
  t.manager.consult("call-1", "1003");
  caller.acceptReinvite(); // the hold
  await settle();
  const target = t.lastOutbound();
  target.ring();
  await settle();
  assert.equal(t.manager.call("call-2").state, "ringback");
  return { caller, target };
}

test("complete while the target rings: CANCEL to the target, then a REFER without Replaces sends the caller there", async () => {
  const t = setup();
  const { caller, target } = await consultingWhileTheTargetRings(t);
  await t.manager.completeTransfer("call-2"); // from either card
  await settle();
  assert.equal(target.cancelled, true, "the consultation's INVITE is cancelled");
  assert.equal(caller.refers.length, 1, "the REFER goes once the consultation has ended");
  const referTo = caller.refers[0].target;
  assert.equal(referTo.toString(), "sip:1003@pbx.test");
  assert.equal(referTo.dialog, undefined, "no dialog to replace: a Refer-To without Replaces");
  assert.equal(t.manager.call("call-1").consultCall, undefined, "no longer a consultation pair");
  caller.refers[0].options.requestDelegate.onAccept();
  await settle();
  assert.equal(caller.byes, 1, "the agent's leg ends once the caller accepts");
  assert.deepEqual(t.manager.calls(), []);
  const ended = t.events.filter((e) => e[0] === "ended");
  assert.deepEqual(
    ended.map((e) => [e[1], e[2].reason, e[2].endedBy, e[2].transfer]),
    [
      ["call-2", "cancelled", "local", undefined],
      ["call-1", "completed", "local", { kind: "blind", target: "sip:1003@pbx.test" }],
    ],
  );
});

test("complete while the consultation INVITE has no answer at all yet works the same way", async () => {
  const t = setup();
  const caller = t.incoming();
  await t.manager.answer("call-1");
  t.manager.consult("call-1", "1003");
  caller.acceptReinvite();
  await settle();
  assert.equal(t.manager.call("call-2").state, "dialing");
  await t.manager.completeTransfer("call-1");
  await settle();
  assert.equal(t.lastOutbound().cancelled, true);
  assert.equal(caller.refers[0].uri, "sip:1003@pbx.test");
});

test("a caller that refuses the REFER after the ringing target was cancelled stays held and the agent is told", async () => {
  const t = setup();
  const { caller } = await consultingWhileTheTargetRings(t);
  await t.manager.completeTransfer("call-1");
  await settle();
  caller.refers[0].options.requestDelegate.onReject({ message: { statusCode: 603, reasonPhrase: "Decline" } });
  await settle();
  assert.equal(t.manager.calls().length, 1);
  assert.equal(t.manager.call("call-1").held, true, "still held: the agent resumes or hangs up");
  assert.match(t.manager.call("call-1").notice, /Transfer refused: 603 Decline/);
  assert.throws(() => t.manager.completeTransfer("call-1"), /no consultation call/);
});

test("a caller gone before the cancelled consultation ended: no REFER", async () => {
  const t = setup();
  const { caller, target } = await consultingWhileTheTargetRings(t);
  // The CANCEL's 487 comes late; the caller hangs up meanwhile.
  target.cancel = function () {
    this.cancelled = true;
    return Promise.resolve();
  };
  await t.manager.completeTransfer("call-2");
  caller.remoteBye();
  await settle();
  target.transition(t.sip.SessionState.Terminated);
  await settle();
  assert.equal(caller.refers.length, 0);
  assert.deepEqual(t.manager.calls(), []);
});

test("cancel hangs up the consultation (CANCEL while it rings) and resumes the held caller", async () => {
  const t = setup();
  const caller = t.incoming();
  await t.manager.answer("call-1");
  t.manager.consult("call-1", "1003");
  caller.acceptReinvite();
  await settle();
  const ringing = t.lastOutbound();
  const cancelling = t.manager.cancelTransfer("call-2");
  await settle();
  assert.equal(ringing.cancelled, true);
  assert.equal(caller.lastReinvite.sessionDescriptionHandlerOptions.hold, false, "the caller is resumed");
  caller.acceptReinvite();
  await cancelling;
  assert.equal(t.manager.call("call-1").held, false);
  assert.equal(t.manager.call("call-1").consultCall, undefined);
  assert.equal(t.events.find((e) => e[0] === "ended")[2].transfer, undefined);
});

test("cancel after the target answered: BYE to the target, caller resumed", async () => {
  const t = setup();
  const { caller, target } = await consulting(t);
  const cancelling = t.manager.cancelTransfer("call-1");
  await settle();
  assert.equal(target.byes, 1);
  caller.acceptReinvite();
  await cancelling;
  assert.deepEqual(
    t.manager.calls().map((c) => [c.callId, c.held]),
    [["call-1", false]],
  );
});

test("transfer-to-call joins two calls the agent has: REFER to the first with Replaces for the second", async () => {
  const t = setup();
  const first = t.incoming({ from: "sip:1002@pbx.test" });
  await t.manager.answer("call-1");
  const second = withDialog(t.incoming({ from: "sip:1004@pbx.test" }), { host: "pbx.example", callId: "c2" });
  const answering = t.manager.answer("call-2"); // holds the first
  first.acceptReinvite();
  await answering;
  await t.manager.transferToCall("call-1", "call-2");
  assert.equal(first.refers[0].target, second, "a routable Contact: SIP.js's own Refer-To from the session");
  first.refers[0].options.requestDelegate.onAccept();
  first.refers[0].options.onNotify(notify("SIP/2.0 200 OK"));
  await settle();
  assert.deepEqual(t.manager.calls(), []);
  assert.deepEqual(
    t.events.filter((e) => e[0] === "ended").map((e) => e[2].transfer),
    [
      { kind: "attended", target: "sip:1004@pbx.test" },
      { kind: "attended", target: "sip:1004@pbx.test" },
    ],
  );
  assert.throws(() => t.manager.transferToCall("call-1", "call-1"), /No call|itself/);
});

test("a blind transfer's ended event carries kind blind and the target", async () => {
  const t = setup();
  const inv = t.incoming();
  await t.manager.answer("call-1");
  await t.manager.transfer("call-1", "1005");
  inv.refers[0].options.requestDelegate.onAccept();
  await settle();
  assert.deepEqual(t.events.at(-1)[2].transfer, { kind: "blind", target: "sip:1005@pbx.test" });
});

test("dialling while on a call holds the established call first", async () => {
  const t = setup();
  const caller = t.incoming();
  await t.manager.answer("call-1");
  t.manager.dial("1009");
  assert.equal(caller.reinvites.length, 1);
  assert.equal(caller.lastReinvite.sessionDescriptionHandlerOptions.hold, true);
  caller.acceptReinvite();
  await settle();
  assert.equal(t.manager.call("call-1").held, true);
  t.manager.dial("1010");
  assert.equal(caller.reinvites.length, 1, "a held call is not held again");
});

test("an INVITE with Replaces for an established call is answered at once and the replaced call ends", async () => {
  const t = setup();
  const consultation = t.incoming({ from: "sip:1001@pbx.test" });
  await t.manager.answer("call-1");
  const replacing = new t.sip.Invitation(undefined, { from: "sip:1002@pbx.test" });
  replacing._replacee = consultation; // SIP.js matched the Replaces header to this dialog
  t.manager.delegateFor("main/1001").onInvite(replacing);
  await settle();
  assert.equal(replacing.progressed, 0, "no ringing");
  assert.deepEqual(replacing.accepted, { sessionDescriptionHandlerOptions: { hold: false } });
  assert.equal(t.manager.call("call-2").replaces, "call-1");
  assert.equal(consultation.reinvites.length, 0, "the replaced call is not held");
  consultation.remoteBye(); // SIP.js BYEs the replacee after the accept
  await settle();
  assert.deepEqual(
    t.manager.calls().map((c) => [c.callId, c.state]),
    [["call-2", "established"]],
  );
  const [, endedId, info] = t.events.find((e) => e[0] === "ended");
  assert.deepEqual([endedId, info.reason, info.endedBy, info.transfer], ["call-1", "completed", "local", undefined]);
});

test("commands: consult, complete-transfer and cancel-transfer default to the consultation's pair; transfer-to-call needs both ids", async () => {
  const t = setup();
  t.incoming();
  await t.manager.answer("call-1");
  runCallCommand(t.manager, { name: "consult", target: "1003" });
  assert.equal(t.manager.call("call-1").consultCall, "call-2");
  await runCallCommand(t.manager, { name: "cancel-transfer" });
  assert.equal(t.manager.calls().length, 1);
  assert.throws(() => runCallCommand(t.manager, { name: "transfer-to-call", callId: "call-1" }), /otherCallId/);
  runCallCommand(t.manager, { name: "consult", target: "1004" });
  await runCallCommand(t.manager, { name: "complete-transfer" });
  await settle();
  assert.equal(t.lastOutbound().cancelled, true, "completed while it rings: the consultation is cancelled");
  assert.equal(t.sip.sessions[0].refers.at(-1).uri, "sip:1004@pbx.test");
});

test("referTarget: the session itself for a routable Contact, the AOR for a WebSocket client's; sipfrag status", () => {
  const sip = createFakeCallSip();
  const routable = withDialog(new sip.Invitation(), { host: "10.0.0.5" });
  assert.equal(referTarget(routable), routable);
  const ws = withDialog(new sip.Invitation(), { host: "x.INVALID" });
  assert.equal(referTarget(ws).dialog.remoteTarget, ws.remoteIdentity.uri);
  assert.throws(() => referTarget(new sip.Invitation()), /not answered/);
  assert.equal(sipfragStatus("SIP/2.0 180 Ringing"), 180);
  assert.equal(sipfragStatus("SIP/2.0 200 OK\r\n"), 200);
  assert.equal(sipfragStatus("garbage"), undefined);
});

test("with the real SIP.js: the Refer-To has the AOR and the Replaces a transferee's SIP.js turns into its INVITE's header", () => {
  const aor = SIP.UserAgent.makeURI("sip:1003@pbx.test");
  const consultation = {
    remoteIdentity: new SIP.NameAddrHeader(aor, "", {}),
    dialog: {
      remoteTarget: SIP.UserAgent.makeURI("sip:k3j2@df7jal23ls0d.invalid;transport=ws"),
      callId: "abc@x",
      remoteTag: "c-tag",
      localTag: "a-tag",
    },
  };
  // What Session.refer() writes as the Refer-To header for a target that is not a URI.
  const referTo = SIP.Session.prototype.referToString.call(undefined, referTarget(consultation));
  assert.equal(referTo, '"1003@pbx.test" <sip:1003@pbx.test?Replaces=abc%40x%3Bto-tag%3Dc-tag%3Bfrom-tag%3Da-tag>');
  // As the transferee's SIP.js reads it (Referral.replaces): the header of its INVITE to the target.
  const parsed = SIP.Grammar.parse(referTo, "Refer_To");
  assert.equal(parsed.uri.aor, "1003@pbx.test");
  assert.equal(decodeURIComponent(parsed.uri.getHeader("replaces")), "abc@x;to-tag=c-tag;from-tag=a-tag");
});

test("the target ending the replaced consultation before the caller's NOTIFY 200 still counts it as transferred", async () => {
  const t = setup();
  const { caller, target } = await consulting(t);
  await t.manager.completeTransfer("call-1");
  caller.refers[0].options.requestDelegate.onAccept();
  target.remoteBye(); // the target's BYE for the dialog the caller's INVITE replaced
  await settle();
  assert.equal(t.manager.call("call-1").consultCall, "call-2", "the caller's call keeps waiting for the NOTIFY");
  caller.refers[0].options.onNotify(notify("SIP/2.0 200 OK"));
  await settle();
  assert.equal(caller.byes, 1);
  assert.equal(target.byes, 0);
  assert.deepEqual(
    t.events.filter((e) => e[0] === "ended").map((e) => [e[1], e[2].endedBy, e[2].transfer?.kind]),
    [
      ["call-2", "remote", "attended"],
      ["call-1", "local", "attended"],
    ],
  );
});
