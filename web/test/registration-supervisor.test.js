import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay, RECONNECT_BACKOFF, AUTH_FAILURE_BACKOFF } from "../src/backoff.js";
import { isTransientStatus } from "../src/registration-supervisor.js";
import { account, createHarness } from "./support/harness.js";
import { sequenceRandom } from "./support/fake-clock.js";

const ID = "main/1001";

async function registered(h) {
  h.manager.addAccount(account(1));
  h.ua(ID).acceptConnection();
  await h.clock.advance(0);
  h.ua(ID).lastRegisterer.accept();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "registered");
  return h.ua(ID);
}

test("backoff: equal jitter keeps each delay within [ceiling/2, ceiling], ceiling doubling to 30 s", () => {
  const ceilings = [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000];
  ceilings.forEach((ceiling, attempt) => {
    assert.equal(
      backoffDelay(attempt, RECONNECT_BACKOFF, () => 0),
      ceiling / 2,
    );
    assert.equal(
      backoffDelay(attempt, RECONNECT_BACKOFF, () => 0.999999),
      ceiling,
    );
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(attempt, RECONNECT_BACKOFF);
      assert.ok(d >= ceiling / 2 && d <= ceiling, `attempt ${attempt}: ${d}`);
    }
  });
  assert.equal(
    backoffDelay(0, AUTH_FAILURE_BACKOFF, () => 1),
    60_000,
  );
  assert.equal(
    backoffDelay(10, AUTH_FAILURE_BACKOFF, () => 1),
    600_000,
  );
});

test("transient vs. permanent SIP statuses", () => {
  for (const code of [undefined, 408, 480, 500, 503, 504]) assert.ok(isTransientStatus(code), String(code));
  for (const code of [401, 403, 404, 407, 400, 488, 302, 603]) assert.ok(!isTransientStatus(code), String(code));
});

test("transport loss: reconnecting with growing jittered delays, then a NEW Registerer registers", async () => {
  const jitter = [0.9, 0.1, 0.6, 0.3];
  const h = createHarness({ random: sequenceRandom(jitter) });
  const ua = await registered(h);
  const first = ua.lastRegisterer;

  ua.dropConnection();
  await h.clock.advance(0);
  assert.equal(first.disposed, true, "the Registerer that lived through the loss is disposed");

  // The PBX stays down for four attempts: each reconnect is refused.
  const delays = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const s = h.lastState(ID);
    assert.equal(s.state, "reconnecting");
    assert.match(s.reason, /Connection lost|Cannot connect/);
    delays.push(s.retryInMs);
    await h.clock.advance(s.retryInMs - 1);
    assert.equal(ua.connecting, false, "no attempt before the delay is over");
    await h.clock.advance(1);
    assert.equal(h.lastState(ID).state, "connecting");
    assert.equal(ua.calls.at(-1), "reconnect", "the same UA reconnects its WebSocket");
    if (attempt < 3) {
      ua.refuseConnection();
      await h.clock.advance(0);
    }
  }
  const ceilings = [500, 1000, 2000, 4000];
  delays.forEach((d, i) => assert.equal(d, Math.round(ceilings[i] / 2 + (jitter[i] * ceilings[i]) / 2)));
  assert.ok(delays[3] > delays[2] && delays[2] > delays[1], `delays grow: ${delays}`);

  ua.acceptConnection();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "registering");
  assert.equal(ua.registerers.length, 2);
  assert.notEqual(ua.lastRegisterer, first);
  ua.lastRegisterer.accept();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "registered");
  assert.deepEqual(ua.calls, ["start", "reconnect", "reconnect", "reconnect", "reconnect"]);
});

test("the backoff starts afresh after a stable registration, not after a flapping one", async () => {
  const h = createHarness({ random: () => 0 });
  const ua = await registered(h);
  const dropAndRecover = async (registeredFor) => {
    await h.clock.advance(registeredFor);
    ua.dropConnection();
    await h.clock.advance(0);
    const delay = h.lastState(ID).retryInMs;
    await h.clock.advance(delay);
    ua.acceptConnection();
    await h.clock.advance(0);
    ua.lastRegisterer.accept();
    await h.clock.advance(0);
    return delay;
  };
  assert.equal(await dropAndRecover(1_000), 250);
  assert.equal(await dropAndRecover(1_000), 500, "flapping: keeps growing");
  assert.equal(await dropAndRecover(1_000), 1000);
  assert.equal(await dropAndRecover(61_000), 250, "a minute registered resets it");
});

test("PBX down at start: the WebSocket never connects, the account keeps trying with backoff", async () => {
  const h = createHarness({ random: () => 0.5 });
  h.manager.addAccount(account(1));
  const ua = h.ua(ID);
  ua.refuseConnection("WebSocket closed wss://pbx.test:8443/ws (code: 1006)");
  await h.clock.advance(0);
  let s = h.lastState(ID);
  assert.equal(s.state, "reconnecting");
  assert.equal(s.retryInMs, 375);
  assert.match(s.reason, /Cannot connect: WebSocket closed/);
  await h.clock.advance(375);
  assert.deepEqual(ua.calls, ["start", "reconnect"], "start once, then reconnect (start on a started UA does nothing)");
  ua.refuseConnection();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).retryInMs, 750);
  await h.clock.advance(750);
  ua.acceptConnection();
  await h.clock.advance(0);
  ua.lastRegisterer.accept();
  await h.clock.advance(0);
  s = h.lastState(ID);
  assert.deepEqual(s, { account: ID, state: "registered" });
});

test("wrong password: failed with 403 Forbidden and no hot retry loop", async () => {
  const h = createHarness({ random: () => 0 });
  h.manager.addAccount(account(1, { password: "wrong" }));
  const ua = h.ua(ID);
  ua.acceptConnection();
  await h.clock.advance(0);
  ua.lastRegisterer.reject(403, "Forbidden");
  await h.clock.advance(0);
  const s = h.lastState(ID);
  assert.equal(s.state, "failed");
  assert.equal(s.statusCode, 403);
  assert.equal(s.reason, "Forbidden");
  assert.equal(s.retryInMs, 30_000);

  // Keep refusing for an hour: attempts are few and ever further apart.
  for (let t = 0; t < 3600; t++) {
    await h.clock.advance(1000);
    const r = ua.lastRegisterer;
    if (r.state === "Initial" && r.requests.length === 1) r.reject(403, "Forbidden");
  }
  // Worst case (no jitter): 30 s, 1, 2, 4 min, then every 5 min = 15 attempts in the hour.
  const attempts = ua.registerers.length;
  assert.ok(attempts <= 15, `${attempts} REGISTER attempts in an hour`);
  const failedDelays = h
    .statesOf(ID)
    .filter((x) => x.state === "failed")
    .map((x) => x.retryInMs);
  assert.deepEqual(failedDelays.slice(0, 5), [30_000, 60_000, 120_000, 240_000, 300_000]);
});

test("a failed account retries at once when the user presses Register", async () => {
  const h = createHarness();
  h.manager.addAccount(account(1));
  const ua = h.ua(ID);
  ua.acceptConnection();
  await h.clock.advance(0);
  ua.lastRegisterer.reject(401, "Unauthorized");
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "failed");
  assert.equal(h.lastState(ID).statusCode, 401);
  h.manager.register(ID);
  await h.clock.advance(0);
  assert.equal(ua.registerers.length, 2);
  assert.equal(h.lastState(ID).state, "registering");
  ua.lastRegisterer.accept();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "registered");
  assert.equal(h.clock.pendingDelays().length, 0, "the slow retry was cancelled");
});

test("404 (unknown user) fails; 503 and 408 retry fast; Retry-After is honoured", async () => {
  const h = createHarness({ random: () => 0 });
  h.manager.addAccount(account(1));
  const ua = h.ua(ID);
  ua.acceptConnection();
  await h.clock.advance(0);

  ua.lastRegisterer.reject(503, "Service Unavailable");
  await h.clock.advance(0);
  assert.deepEqual(h.lastState(ID), {
    account: ID,
    state: "reconnecting",
    statusCode: 503,
    reason: "Service Unavailable",
    retryInMs: 250,
  });
  await h.clock.advance(250);
  assert.deepEqual(ua.calls, ["start"], "the transport is up: straight to a new REGISTER");
  ua.lastRegisterer.reject(408, "Request Timeout");
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "reconnecting");
  assert.equal(h.lastState(ID).retryInMs, 500);
  await h.clock.advance(500);
  ua.lastRegisterer.reject(503, "Service Unavailable", { retryAfter: 20 });
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).retryInMs, 20_000);
  await h.clock.advance(20_000);
  ua.lastRegisterer.reject(404, "Not Found");
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "failed");
  assert.equal(h.lastState(ID).statusCode, 404);
  assert.equal(ua.registerers.length, 4);
});

test("a failed refresh (SIP.js re-REGISTER rejected or timed out) re-registers with a new Registerer", async () => {
  const h = createHarness({ random: () => 0 });
  const ua = await registered(h);
  const first = ua.lastRegisterer;
  first.failRefresh();
  await h.clock.advance(0);
  assert.deepEqual(h.lastState(ID), {
    account: ID,
    state: "reconnecting",
    reason: "Registration lost",
    retryInMs: 250,
  });
  assert.equal(first.disposed, true);
  await h.clock.advance(250);
  assert.equal(ua.registerers.length, 2);
  assert.equal(h.lastState(ID).state, "registering");
  ua.lastRegisterer.accept();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "registered");
  assert.deepEqual(ua.calls, ["start"], "the WebSocket was fine: no reconnect");
});

test("unregister stops supervision: no reconnect, no re-register, no timers", async () => {
  const h = createHarness();
  const ua = await registered(h);
  const stopping = h.manager.unregister(ID);
  await h.clock.advance(0);
  ua.lastRegisterer.confirmUnregister();
  await stopping;
  assert.equal(h.lastState(ID).state, "unregistered");
  assert.equal(h.clock.pendingDelays().length, 0);
  await h.clock.advance(10 * 60_000);
  assert.deepEqual(ua.calls, ["start", "stop"]);
  assert.equal(ua.registerers.length, 1);
  assert.equal(h.lastState(ID).state, "unregistered");
});

test("unregister while reconnecting cancels the pending retry", async () => {
  const h = createHarness();
  const ua = await registered(h);
  ua.dropConnection();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "reconnecting");
  await h.manager.unregister(ID);
  assert.equal(h.lastState(ID).state, "unregistered");
  await h.clock.advance(60_000);
  assert.deepEqual(ua.calls, ["start", "stop"]);
});

test("unregister goes on when the PBX never answers the un-REGISTER", async () => {
  const h = createHarness();
  const ua = await registered(h);
  let done = false;
  const stopping = h.manager.unregister(ID).then(() => {
    done = true;
  });
  await h.clock.advance(3_000);
  assert.equal(done, false);
  await h.clock.advance(1_000);
  await stopping;
  assert.deepEqual(ua.calls, ["start", "stop"]);
  assert.equal(h.lastState(ID).state, "unregistered");
});

test("stale answers of an abandoned attempt are ignored", async () => {
  const h = createHarness({ random: () => 0 });
  h.manager.addAccount(account(1));
  const ua = h.ua(ID);
  ua.acceptConnection();
  await h.clock.advance(0);
  const inFlight = ua.lastRegisterer;
  ua.dropConnection();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "reconnecting");
  // The transport loss also fails the REGISTER in flight (SIP.js synthesises a 503): ignored.
  assert.equal(inFlight.state, "Terminated");
  assert.equal(h.clock.pendingDelays().length, 1, "exactly one retry scheduled");
});

test("Register pressed while Unregister is still waiting for the PBX: the UA restarts after the stop", async () => {
  const h = createHarness();
  const ua = await registered(h);
  const first = ua.lastRegisterer;
  const stopping = h.manager.unregister(ID);
  await h.clock.advance(0);
  h.manager.register(ID);
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "connecting");
  assert.deepEqual(ua.calls, ["start"], "nothing new before the stop has finished");
  first.confirmUnregister();
  await stopping;
  await h.clock.advance(0);
  assert.deepEqual(ua.calls, ["start", "stop", "start"], "stop, then start again (not reconnect on a stopped UA)");
  ua.acceptConnection();
  await h.clock.advance(0);
  ua.lastRegisterer.accept();
  await h.clock.advance(0);
  assert.equal(h.lastState(ID).state, "registered");
  assert.ok(
    !h
      .statesOf(ID)
      .slice(-3)
      .some((s) => s.state === "unregistered"),
    "no stale unregistered report",
  );
});

test("a double Unregister reports unregistered once the first has finished", async () => {
  const h = createHarness();
  const ua = await registered(h);
  const registerer = ua.lastRegisterer;
  const a = h.manager.unregister(ID);
  const b = h.manager.unregister(ID);
  await h.clock.advance(0);
  assert.notEqual(h.lastState(ID).state, "unregistered");
  registerer.confirmUnregister();
  await Promise.all([a, b]);
  assert.equal(h.lastState(ID).state, "unregistered");
  assert.deepEqual(ua.calls, ["start", "stop"]);
});
