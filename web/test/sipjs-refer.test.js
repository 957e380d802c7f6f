// The far end's REFER (RFC 3515) over the REAL SIP.js 0.21.2: an in-process PBX calls the agent,
// the call is answered, and the far end then asks the agent's phone to call someone else. The
// profile's policy decides: refused with 603 and nothing dialled, or accepted and placed as a call
// of its own, with its own events, instead of SIP.js's default of following it unseen.

import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as SIP from "sip.js";
import { SIPAccountManager } from "../src/sip-account-manager.js";
import { CallManager } from "../src/call-manager.js";
import { createLoopbackPbx, response } from "./support/loopback-pbx.js";
import { account, recordingLogger } from "./support/harness.js";

const SDP = [
  "v=0",
  "o=- 1 1 IN IP4 127.0.0.1",
  "s=-",
  "c=IN IP4 127.0.0.1",
  "t=0 0",
  "m=audio 9 RTP/AVP 0",
  "a=rtpmap:0 PCMU/8000",
  "a=sendrecv",
  "",
].join("\r\n");

/** Media stays out of these tests: a handler that offers and answers a fixed SDP. */
function fixedSdpHandlerFactory() {
  return () => ({
    close() {},
    getDescription: () => Promise.resolve({ body: SDP, contentType: "application/sdp" }),
    hasDescription: (contentType) => contentType === "application/sdp",
    setDescription: () => Promise.resolve(),
    sendDtmf: () => true,
    rollbackDescription: () => Promise.resolve(),
  });
}

async function setup(ctx, refer) {
  const agent = account(1);
  const pbx = createLoopbackPbx({ users: { [agent.extension]: agent.password } });
  const events = [];
  const record =
    (name) =>
    (...args) =>
      events.push({ name, args });
  const logger = recordingLogger();
  let calls = null;
  const manager = new SIPAccountManager({
    sip: SIP,
    logger,
    userAgentOptions: { transportConstructor: pbx.Transport },
    sessionDescriptionHandlerFactory: fixedSdpHandlerFactory(),
    createDelegate: (id) => calls.delegateFor(id),
    onStateChange: (state) => calls.onAccountState(state),
  });
  calls = new CallManager({
    sip: SIP,
    accounts: manager,
    logger,
    events: {
      created: record("created"),
      answered: record("answered"),
      ended: record("ended"),
      wrapup: record("wrapup"),
    },
  });
  ctx.after(() => manager.stopAll());
  calls.setConfig({ accounts: [{ ...agent, refer }] });
  await manager.applyConfig([agent]);
  await waitFor(() => pbx.bindings.has(agent.extension), "registered");
  return { pbx, calls, events, agent, logger };
}

/** The PBX calls the agent; the agent answers; the PBX ACKs. Returns the dialog. */
async function answeredInboundCall(t) {
  const contact = t.pbx.bindings.get(t.agent.extension).contact;
  const dialog = { contact, callId: `far-${randomBytes(4).toString("hex")}`, fromTag: "far1", cseq: 1 };
  t.pbx.deliver(
    t.agent.extension,
    request("INVITE", contact, dialog, { to: `<sip:${t.agent.extension}@pbx.test>`, body: SDP }),
  );
  await waitFor(() => t.calls.calls().length === 1, "the inbound call rings");
  const inbound = t.calls.calls()[0];
  await t.calls.answer(inbound.callId);
  const ok = await waitForResponse(t.pbx, "INVITE", 200);
  dialog.to = ok.header("to");
  t.pbx.deliver(t.agent.extension, request("ACK", contact, { ...dialog, cseq: 1 }, { to: dialog.to }));
  await waitFor(() => t.calls.call(inbound.callId)?.state === "established", "the inbound call established");
  return { dialog, inbound };
}

function referFromFarEnd(t, dialog, target) {
  dialog.cseq += 1;
  t.pbx.deliver(
    t.agent.extension,
    request("REFER", dialog.contact, dialog, {
      to: dialog.to,
      extra: [`Refer-To: <${target}>`, "Referred-By: <sip:2000@pbx.test>"],
    }),
  );
}

test("with the default policy a REFER is refused with 603 and nothing is dialled", async (ctx) => {
  const t = await setup(ctx, "refuse");
  const { dialog, inbound } = await answeredInboundCall(t);

  referFromFarEnd(t, dialog, "sip:1900@pbx.test");

  const refused = await waitForResponse(t.pbx, "REFER");
  assert.equal(Number(refused.uri), 603);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(
    t.pbx.requests.filter((r) => r.method === "INVITE"),
    [],
    "no INVITE left the phone",
  );
  assert.deepEqual(
    t.calls.calls().map((c) => c.callId),
    [inbound.callId],
  );
  assert.equal(t.events.filter((e) => e.name === "created").length, 1);
  assert.match(t.calls.call(inbound.callId).notice, /Refused the other side's request to call sip:1900@pbx\.test/);
  await t.calls.hangup(inbound.callId);
});

test("an accepted REFER is placed as a call of its own, with its own card and events", async (ctx) => {
  const t = await setup(ctx, "accept");
  const { dialog, inbound } = await answeredInboundCall(t);
  // The transfer target answers the phone's INVITE; NOTIFY and BYE get 200.
  t.pbx.onRequest = (req) => {
    if (req.method === "INVITE") {
      const tag = "target1";
      setImmediate(() => t.pbx.deliver(t.agent.extension, response(req, 180, "Ringing", [], { toTag: tag })));
      return response(req, 200, "OK", ["Contact: <sip:1900@127.0.0.1;transport=ws>"], {
        toTag: tag,
        body: SDP,
        contentType: "application/sdp",
      });
    }
    return req.method === "ACK" ? null : response(req, 200, "OK");
  };

  referFromFarEnd(t, dialog, "sip:1900@pbx.test");

  const accepted = await waitForResponse(t.pbx, "REFER");
  assert.equal(Number(accepted.uri), 202);
  await waitFor(
    () => t.calls.calls().some((c) => c.callId !== inbound.callId && c.state === "established"),
    "the referred call established",
  );
  const referred = t.calls.calls().find((c) => c.callId !== inbound.callId);
  assert.equal(referred.direction, "outbound");
  assert.equal(referred.remote, "sip:1900@pbx.test");
  assert.equal(referred.referredBy, inbound.callId);
  const invite = t.pbx.requests.find((r) => r.method === "INVITE");
  assert.match(invite.uri, /^sip:1900@pbx\.test/);
  assert.equal(invite.header("referred-by"), "<sip:2000@pbx.test>", "RFC 3892: the new call says who asked for it");
  await waitFor(
    () => t.pbx.requests.some((r) => r.method === "NOTIFY" && /SIP\/2\.0 200/.test(r.body)),
    "the referrer is told the new call was answered",
  );

  await t.calls.hangup(referred.callId);
  await waitFor(
    () => t.events.some((e) => e.name === "ended" && e.args[0] === referred.callId),
    "the referred call's end",
  );
  const ofReferred = t.events.filter((e) => (e.name === "created" ? e.args[0].callId : e.args[0]) === referred.callId);
  assert.deepEqual(
    ofReferred.map((e) => e.name),
    ["created", "answered", "ended"],
  );
  assert.equal(ofReferred[0].args[0].remoteUri, "sip:1900@pbx.test");
  assert.equal(ofReferred[0].args[0].direction, "outbound");
  assert.ok(t.calls.call(inbound.callId), "the first call is its own call, still there");
  await t.calls.hangup(inbound.callId);
});

test("a REFER to a 2000-character URI is shown and recorded clipped, never as it came", async (ctx) => {
  const t = await setup(ctx, "refuse");
  const { dialog, inbound } = await answeredInboundCall(t);

  referFromFarEnd(t, dialog, `sip:${"9".repeat(2000)}@pbx.test`);

  const refused = await waitForResponse(t.pbx, "REFER");
  assert.equal(Number(refused.uri), 603);
  const { notice } = t.calls.call(inbound.callId);
  assert.match(notice, /^Refused the other side's request to call sip:9+…$/);
  assert.ok(Array.from(notice).length < 600, `${notice.length} characters`);
  await t.calls.hangup(inbound.callId);
});

function request(method, uri, dialog, { to, body = "", extra = [] }) {
  const lines = [
    `${method} ${uri} SIP/2.0`,
    `Via: SIP/2.0/WSS pbx.test;branch=z9hG4bK${randomBytes(6).toString("hex")}`,
    "Max-Forwards: 70",
    `From: <sip:2000@pbx.test>;tag=${dialog.fromTag}`,
    `To: ${to}`,
    `Call-ID: ${dialog.callId}`,
    `CSeq: ${dialog.cseq} ${method}`,
    "Contact: <sip:2000@127.0.0.1;transport=ws>",
    ...extra,
  ];
  if (body) lines.push("Content-Type: application/sdp");
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, "", body);
  return lines.join("\r\n");
}

async function waitForResponse(pbx, method, status) {
  let found;
  await waitFor(() => {
    found = pbx.responses.find(
      (r) =>
        r.header("cseq")?.endsWith(` ${method}`) &&
        (status === undefined || Number(r.uri) === status) &&
        Number(r.uri) >= 200,
    );
    return found;
  }, `a final response to ${method}`);
  return found;
}

async function waitFor(predicate, what, timeoutMs = 4000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
