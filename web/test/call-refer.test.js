// REFER both ways over fake referrals and sessions: a transfer's outcome, and the far end's REFER
// refused (400 without a usable Refer-To, 603 unless the profile accepts REFER) or placed as a call.

import { test } from "node:test";
import assert from "node:assert/strict";
import { answerRefer, sendTransfer } from "../src/call-refer.js";

function referral(uriText, { throws = false } = {}) {
  const r = {
    answered: null,
    referTo: {
      uri: {
        clone() {
          if (throws) throw new Error("no Refer-To");
          return { clearHeaders() {}, toString: () => uriText };
        },
      },
    },
    reject: (options) => (r.answered = options),
    accept: () => (r.answered = "accepted"),
    makeInviter: (options) => ({ inviter: true, options }),
  };
  return r;
}

function hooks(accepts) {
  const seen = { notices: [], placed: [] };
  return {
    seen,
    options: {
      callId: "c1",
      accepts,
      notify: (notice) => seen.notices.push(notice),
      placeCall: (inviter, target) => seen.placed.push([inviter, target]),
    },
  };
}

test("the far end's REFER: 603 unless accepted, 400 without a Refer-To, else placed with early media", async () => {
  const refused = referral("sip:1003@pbx.test");
  const a = hooks(false);
  await answerRefer(refused, a.options);
  assert.deepEqual(refused.answered, { statusCode: 603 });
  assert.deepEqual(a.seen.notices, ["Refused the other side's request to call sip:1003@pbx.test"]);
  assert.deepEqual(a.seen.placed, []);

  const broken = referral("", { throws: true });
  const b = hooks(true);
  await answerRefer(broken, b.options);
  assert.deepEqual(broken.answered, { statusCode: 400 });
  assert.deepEqual(b.seen.placed, []);

  const taken = referral(`sip:${"9".repeat(5000)}@pbx.test`);
  const c = hooks(true);
  await answerRefer(taken, c.options);
  assert.equal(taken.answered, "accepted");
  assert.equal(c.seen.placed.length, 1);
  const [inviter, target] = c.seen.placed[0];
  assert.deepEqual(inviter, { inviter: true, options: { earlyMedia: true } });
  assert.ok(target.length < 5000, "the far end's target is clipped");
});

test("a call the far end asked for that cannot be placed is told on the card", async () => {
  const r = referral("sip:1003@pbx.test");
  const h = hooks(true);
  h.options.placeCall = () => {
    throw new Error("no transport");
  };
  await answerRefer(r, h.options);
  assert.deepEqual(h.seen.notices, ["Could not call sip:1003@pbx.test for the other side: no transport"]);
});

test("a transfer: accepted -> this leg ends; refused -> the status and phrase are shown", () => {
  let delegate;
  const session = { refer: (uri, options) => (delegate = options.requestDelegate) };
  const seen = [];
  sendTransfer(session, "sip:1003@pbx.test", { onAccepted: () => seen.push("accepted"), notify: (n) => seen.push(n) });
  delegate.onAccept();
  delegate.onReject({ message: { statusCode: 403, reasonPhrase: "Forbidden" } });
  assert.deepEqual(seen, ["accepted", "Transfer refused: 403 Forbidden"]);
});
