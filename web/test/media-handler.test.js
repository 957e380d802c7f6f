// The media handler against a fake Java: what each SIP.js call becomes on the bridge.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createMediaClient, createMediaHandlerFactory } from "../src/media-handler.js";
import { FakeClock, settle } from "./support/fake-clock.js";

/** A bridge whose Java answers media requests with `answer(request)` (or leaves them hanging). */
function fakeJava(answer = () => ({})) {
  const handlers = new Map();
  const requests = [];
  const bridge = {
    on(type, fn) {
      handlers.set(type, [...(handlers.get(type) || []), fn]);
    },
    send(msg) {
      requests.push(msg);
      const result = answer(msg);
      if (result === undefined) return;
      const response =
        result instanceof Error
          ? { type: "media-response", id: msg.id, ok: false, error: result.message }
          : { type: "media-response", id: msg.id, ok: true, result };
      queueMicrotask(() => handlers.get("media-response").forEach((fn) => fn(response)));
    },
    /** Answers a request that was left hanging. */
    reply(msg, result) {
      handlers.get("media-response").forEach((fn) => fn({ type: "media-response", id: msg.id, ok: true, result }));
    },
    event(call, event) {
      handlers.get("media-event").forEach((fn) => fn({ type: "media-event", call, event }));
    },
  };
  return { bridge, requests, ops: () => requests.map((r) => r.op) };
}

function sdpAnswers(msg) {
  if (msg.op === "offer") return { sdp: `offer-sdp hold=${msg.params.hold} restart=${msg.params.iceRestart}` };
  if (msg.op === "answer") return { sdp: `answer-sdp hold=${msg.params.hold}` };
  if (msg.op === "dtmf") return { sent: true };
  if (msg.op === "stats") return { jitterMs: 2, packetLossPct: 0, rttMs: 30, codec: "opus/48000" };
  return {};
}

function makeHandler(java, options = {}) {
  const client = createMediaClient({ bridge: java.bridge, clock: options.clock || new FakeClock() });
  const factory = createMediaHandlerFactory({ client });
  return factory(
    { id: "session" },
    {
      accountId: "pbx/1001",
      iceGatheringTimeoutMs: 700,
      peerConnectionConfiguration: { iceServers: [{ urls: "stun:stun.example" }], iceTransportPolicy: "all" },
      ...options.sdhOptions,
    },
  );
}

test("the handler creates its media with the account's ICE settings before anything else", async () => {
  const java = fakeJava(sdpAnswers);
  const handler = makeHandler(java);
  const offer = await handler.getDescription({});
  assert.deepEqual(java.ops(), ["create", "offer"]);
  assert.deepEqual(java.requests[0].params, {
    account: "pbx/1001",
    iceServers: [{ urls: "stun:stun.example" }],
    iceTransportPolicy: "all",
    iceGatheringTimeoutMs: 700,
    codecs: [],
  });
  assert.equal(java.requests[0].call, handler.id);
  assert.equal(java.requests[1].call, handler.id);
  assert.deepEqual(offer, { body: "offer-sdp hold=false restart=false", contentType: "application/sdp" });
  assert.ok(handler.hasDescription("application/sdp"));
  assert.ok(!handler.hasDescription("text/plain"));
});

test("the profile's codec order goes to Java with the create", async () => {
  const java = fakeJava(sdpAnswers);
  const handler = makeHandler(java, { sdhOptions: { codecs: ["pcmu", "opus"] } });
  await handler.getDescription({});
  assert.deepEqual(java.requests[0].params.codecs, ["pcmu", "opus"]);
});

test("the first operation does not wait for Java to answer the create (Java orders a call's requests)", async () => {
  const java = fakeJava((msg) => (msg.op === "create" ? undefined : sdpAnswers(msg)));
  const handler = makeHandler(java);
  const offer = handler.getDescription({});
  await settle();
  assert.deepEqual(java.ops(), ["create", "offer"], "offer sent while create is unanswered");
  assert.deepEqual(await offer, { body: "offer-sdp hold=false restart=false", contentType: "application/sdp" });
});

test("caller: offer, then the remote answer; callee: remote offer, then answer (with the hold flag)", async () => {
  const java = fakeJava(sdpAnswers);
  const caller = makeHandler(java);
  await caller.getDescription({});
  await caller.setDescription("remote-answer");
  const callee = makeHandler(java);
  await callee.setDescription("remote-offer");
  const answer = await callee.getDescription({ hold: true });
  const remote = java.requests.filter((r) => r.op === "set-remote").map((r) => r.params);
  assert.deepEqual(remote, [
    { type: "answer", sdp: "remote-answer" },
    { type: "offer", sdp: "remote-offer" },
  ]);
  assert.equal(answer.body, "answer-sdp hold=true");
});

test("callee: the answer is asked for right behind the remote offer, without waiting for Java's reply to it", async () => {
  const held = [];
  const java = fakeJava((msg) => {
    if (msg.op !== "set-remote") return sdpAnswers(msg);
    held.push(msg);
    return undefined;
  });
  const callee = makeHandler(java);
  // As SIP.js's Invitation.accept: set the offer, then get the answer.
  const answer = callee.setDescription("remote-offer").then(() => callee.getDescription({}));
  await settle();
  assert.deepEqual(java.ops(), ["create", "set-remote", "answer"], "both sent before Java answered the offer");
  let done = false;
  answer.then(() => (done = true));
  await settle();
  assert.equal(done, false, "the answer waits for the offer's reply too");
  java.bridge.reply(held[0], {});
  assert.equal((await answer).body, "answer-sdp hold=false");
});

test("callee: a remote offer Java refuses fails the answer with the offer's error, and leaves no offer pending", async () => {
  const java = fakeJava((msg) =>
    msg.op === "set-remote" ? new Error("setRemoteDescription failed: bad sdp") : sdpAnswers(msg),
  );
  const callee = makeHandler(java);
  await assert.rejects(
    callee.setDescription("garbage").then(() => callee.getDescription({})),
    /bad sdp/,
  );
  // Nothing pending: the next description asked for is an offer of ours.
  assert.equal((await callee.getDescription({})).body, "offer-sdp hold=false restart=false");
});

test("a hold re-INVITE offers with hold; a re-INVITE without SDP gets a fresh offer; ICE restart is passed on", async () => {
  const java = fakeJava(sdpAnswers);
  const h = makeHandler(java);
  await h.getDescription({});
  await h.setDescription("answer-1");
  assert.equal((await h.getDescription({ hold: true })).body, "offer-sdp hold=true restart=false");
  await h.setDescription("answer-2");
  // The far end sends INVITE without SDP: SIP.js asks for a description with nothing pending -> an offer.
  assert.equal((await h.getDescription({ hold: true })).body, "offer-sdp hold=true restart=false");
  await h.setDescription("answer-3");
  assert.equal(
    (await h.getDescription({ hold: false, offerOptions: { iceRestart: true } })).body,
    "offer-sdp hold=false restart=true",
  );
});

test("rollback of a refused re-INVITE goes to Java and the next exchange works", async () => {
  const java = fakeJava(sdpAnswers);
  const h = makeHandler(java);
  await h.getDescription({});
  await h.setDescription("answer-1");
  await h.getDescription({ hold: true });
  await h.rollbackDescription();
  // After the rollback a remote offer is an offer again (nothing of ours pending).
  await h.setDescription("remote-offer");
  await h.getDescription({});
  assert.deepEqual(java.ops(), ["create", "offer", "set-remote", "offer", "rollback", "set-remote", "answer"]);
  assert.equal(java.requests[5].params.type, "offer");
});

test("the 2xx repeating an early-media answer is not applied twice", async () => {
  const java = fakeJava(sdpAnswers);
  const h = makeHandler(java);
  await h.getDescription({});
  await h.setDescription("early-answer");
  await h.setDescription("early-answer");
  assert.deepEqual(java.ops(), ["create", "offer", "set-remote"]);
});

test("Java's errors reject the SIP.js promise; operations stay in order; close is last and final", async () => {
  const java = fakeJava((msg) =>
    msg.op === "set-remote" ? new Error("setRemoteDescription failed: bad sdp") : sdpAnswers(msg),
  );
  const h = makeHandler(java);
  await h.getDescription({});
  await assert.rejects(h.setDescription("garbage"), /bad sdp/);
  const stats = h.stats();
  h.close();
  h.close();
  assert.deepEqual(await stats, { jitterMs: 2, packetLossPct: 0, rttMs: 30, codec: "opus/48000" });
  await settle();
  assert.deepEqual(java.ops(), ["create", "offer", "set-remote", "stats", "close"]);
  await assert.rejects(h.getDescription({}), /closed/);
});

test("dtmf says whether RFC 4733 went; media events reach the listeners of that handler only", async () => {
  const java = fakeJava((msg) => (msg.op === "dtmf" ? { sent: false } : sdpAnswers(msg)));
  const a = makeHandler(java);
  const b = makeHandler(java);
  assert.deepEqual(await a.dtmf("12#"), { sent: false });
  assert.deepEqual(java.requests.find((r) => r.op === "dtmf").params, { tones: "12#", durationMs: 160, gapMs: 80 });
  const seen = [];
  a.onMediaEvent((e) => seen.push(`a:${e}`));
  b.onMediaEvent((e) => seen.push(`b:${e}`));
  java.bridge.event(a.id, "connected");
  java.bridge.event(b.id, "failed");
  assert.deepEqual(seen, ["a:connected", "b:failed"]);
});

test("a request Java never answers fails after the timeout instead of hanging the call", async () => {
  const clock = new FakeClock();
  const java = fakeJava((msg) => (msg.op === "create" ? {} : undefined));
  const h = makeHandler(java, { clock });
  const offer = h.getDescription({});
  let error = null;
  offer.catch((e) => (error = e));
  await clock.advance(19_999);
  assert.equal(error, null);
  await clock.advance(1);
  assert.match(error.message, /no answer from the media engine/);
});
