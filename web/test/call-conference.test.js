// Three-way calls over fake SIP.js sessions: merging the agent's two calls resumes the held one and
// asks the first call's media to mix with the second's; split undoes it; a call ending leaves the
// other one a call of its own; merging needs exactly two established calls.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CallManager } from "../src/call-manager.js";
import { mergeablePair } from "../src/call-conference.js";
import { runCallCommand } from "../src/call-commands.js";
import { createFakeCallSip, fakeAccounts } from "./support/fake-calls.js";
import { FakeClock, settle } from "./support/fake-clock.js";

function setup() {
  const sip = createFakeCallSip();
  const accounts = fakeAccounts(["main/1001"]);
  let n = 0;
  const manager = new CallManager({ sip, accounts, clock: new FakeClock(), makeId: () => `call-${++n}` });
  const incoming = (from) => {
    const invitation = new sip.Invitation(accounts.userAgent("main/1001"), { from });
    manager.delegateFor("main/1001").onInvite(invitation);
    return invitation;
  };
  return { sip, manager, incoming };
}

/** Merges the two calls, accepting the held call's resume. */
async function merge(t, b) {
  const merging = t.manager.merge();
  await settle();
  b.acceptReinvite();
  await merging;
}

/** Two answered calls; answering the second held the first (call waiting). */
async function twoCalls(t) {
  const b = t.incoming("sip:1002@pbx.test");
  await t.manager.answer("call-1");
  const c = t.incoming("sip:1003@pbx.test");
  const answering = t.manager.answer("call-2");
  await settle();
  b.acceptReinvite();
  await answering;
  await settle();
  return { b, c };
}

test("merge resumes the held call, then mixes the two calls' media; both show the other as their conference", async () => {
  const t = setup();
  const { b, c } = await twoCalls(t);
  assert.equal(t.manager.call("call-1").held, true);

  const merging = t.manager.merge();
  await settle();
  assert.equal(b.reinvites.at(-1).sessionDescriptionHandlerOptions.hold, false, "the held call is resumed first");
  b.acceptReinvite();
  await merging;

  const handlerB = b.sessionDescriptionHandler;
  assert.deepEqual(handlerB.calls, [`merge ${c.sessionDescriptionHandler.id}`]);
  assert.equal(t.manager.call("call-1").conference, "call-2");
  assert.equal(t.manager.call("call-2").conference, "call-1");
  assert.equal(t.manager.call("call-1").held, false);
});

test("split asks the media to split and unpairs both calls; a second merge is refused while merged", async () => {
  const t = setup();
  const { b } = await twoCalls(t);
  await merge(t, b);
  await assert.rejects(t.manager.merge(), /merged already/);

  await runCallCommand(t.manager, { name: "split" });
  assert.deepEqual(b.sessionDescriptionHandler.calls.at(-1), "split");
  assert.equal(t.manager.call("call-1").conference, undefined);
  assert.equal(t.manager.call("call-2").conference, undefined);
  await assert.rejects(t.manager.split(), /no three-way call/);
});

test("hold and mute of one merged call act on that call only and keep the merge", async () => {
  const t = setup();
  const { b, c } = await twoCalls(t);
  await merge(t, b);

  await t.manager.setMuted("call-2", true);
  assert.deepEqual(c.sessionDescriptionHandler.calls.at(-1), "mute true");
  const holding = t.manager.hold("call-1");
  await settle();
  b.acceptReinvite();
  await holding;
  assert.equal(t.manager.call("call-1").held, true);
  assert.equal(t.manager.call("call-2").held, false);
  assert.equal(t.manager.call("call-1").conference, "call-2");
});

test("a merged call that ends leaves the other call on its own", async () => {
  const t = setup();
  const { b, c } = await twoCalls(t);
  await merge(t, b);

  c.remoteBye();
  await settle();
  assert.equal(t.manager.call("call-1").conference, undefined);
});

test("merging needs exactly two established calls, outside a transfer", () => {
  const est = (id, extra = {}) => ({ id, state: "established", ...extra });
  assert.throws(() => mergeablePair([est("a")]), /exactly two calls in progress \(there is one\)/);
  assert.throws(() => mergeablePair([est("a"), est("b"), est("c")]), /there are 3/);
  assert.throws(() => mergeablePair([est("a"), est("b", { consultFor: "a" })]), /transfer/);
  assert.deepEqual(
    mergeablePair([est("a"), { id: "r", state: "ringing" }, est("b")]).map((c) => c.id),
    ["a", "b"],
  );
});
