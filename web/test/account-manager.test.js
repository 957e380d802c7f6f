import { test } from "node:test";
import assert from "node:assert/strict";
import { SIPAccountManager, MAX_ACCOUNTS, normalizeAccount } from "../src/sip-account-manager.js";
import { account, createHarness } from "./support/harness.js";
import { createFakeSip } from "./support/fake-sip.js";

test("each account gets its own UserAgent and WebSocket, configured as the browser softphone configured them", () => {
  const h = createHarness();
  h.manager.addAccount(account(1));
  h.manager.addAccount(account(2, { authUsername: "auth-2", displayName: "" }));

  assert.equal(h.sip.userAgents.length, 2);
  const [ua1, ua2] = h.sip.userAgents;
  assert.notEqual(ua1, ua2);
  assert.equal(ua1.options.uri.text, "sip:1001@pbx.test");
  assert.deepEqual(ua1.options.transportOptions, {
    server: "wss://pbx.test:8443/ws",
    traceSip: false,
    keepAliveSeconds: 30,
  });
  assert.notEqual(
    ua1.options.transportOptions,
    ua2.options.transportOptions,
    "one transport options object (and transport) per UA",
  );
  assert.equal(ua1.options.authorizationUsername, "1001");
  assert.equal(ua1.options.authorizationPassword, "Pw-1-correct-horse");
  assert.equal(ua1.options.displayName, "Agent 1");
  assert.equal(ua2.options.authorizationUsername, "auth-2");
  assert.equal(ua1.options.reconnectionAttempts, 0, "SIP.js's own reconnection stays off");
  assert.equal(ua1.options.logLevel, "warn");
  assert.equal(ua1.options.logBuiltinEnabled, false);
  assert.equal(typeof ua1.options.logConnector, "function");
  assert.ok(!("sessionDescriptionHandlerFactory" in ua1.options), "no media factory unless one is given");
  assert.deepEqual(ua1.options.sessionDescriptionHandlerFactoryOptions.peerConnectionConfiguration.iceServers, [
    { urls: "stun:stun.pbx.test:3478" },
  ]);
  assert.deepEqual(ua1.calls, ["start"], "ua.start() connects the WebSocket");
});

test("a media factory, when given, is handed to every UserAgent", () => {
  const factory = () => ({});
  const h = createHarness({ sessionDescriptionHandlerFactory: factory });
  h.manager.addAccount(account(1));
  assert.equal(h.sip.userAgents[0].options.sessionDescriptionHandlerFactory, factory);
});

test("six accounts register independently: one refused, others registered", async () => {
  const h = createHarness();
  for (let n = 1; n <= MAX_ACCOUNTS; n++) h.manager.addAccount(account(n));
  assert.equal(h.manager.size, 6);
  for (const ua of h.sip.userAgents) assert.equal(h.lastState(idOf(ua)).state, "connecting");

  // The WebSockets open in any order; each account then sends its own REGISTER.
  for (const ua of [...h.sip.userAgents].reverse()) ua.acceptConnection();
  await h.clock.advance(0);
  for (const ua of h.sip.userAgents) {
    assert.equal(ua.registerers.length, 1);
    assert.equal(ua.registerers[0].options.expires, 300);
    assert.equal(h.lastState(idOf(ua)).state, "registering");
  }
  h.ua("main/1003").lastRegisterer.reject(403, "Forbidden");
  for (const n of [1, 2, 4, 5, 6]) h.ua(`main/100${n}`).lastRegisterer.accept();
  await h.clock.advance(0);

  for (const n of [1, 2, 4, 5, 6]) assert.equal(h.lastState(`main/100${n}`).state, "registered");
  assert.equal(h.lastState("main/1003").state, "failed");
  assert.deepEqual(
    h.statesOf("main/1001").map((s) => s.state),
    ["connecting", "registering", "registered"],
  );
  assert.deepEqual(
    h.manager
      .states()
      .map((s) => s.account)
      .sort(),
    h.manager.accountIds().sort(),
  );
});

test("a 7th account is refused with a clear error and creates no UserAgent", () => {
  const h = createHarness();
  for (let n = 1; n <= 6; n++) h.manager.addAccount(account(n));
  assert.throws(
    () => h.manager.addAccount(account(7)),
    /Account main\/1007 was not added: at most 6 accounts can be active at once/,
  );
  assert.equal(h.sip.userAgents.length, 6);
  assert.equal(h.manager.has("main/1007"), false);
});

test("maxAccounts from the config can lower the limit but never raise it above 6", () => {
  assert.equal(new SIPAccountManager({ sip: createFakeSip(), maxAccounts: 2 }).maxAccounts, 2);
  assert.equal(new SIPAccountManager({ sip: createFakeSip(), maxAccounts: 10 }).maxAccounts, 6);
  const h = createHarness();
  h.manager.setMaxAccounts(2);
  h.manager.addAccount(account(1));
  h.manager.addAccount(account(2));
  assert.throws(() => h.manager.addAccount(account(3)), /at most 2 accounts/);
  h.manager.setMaxAccounts(undefined);
  assert.equal(h.manager.maxAccounts, 6);
});

test("the manager refuses to start without a SIP.js namespace", () => {
  assert.throws(() => new SIPAccountManager({}), /needs the SIP.js namespace/);
});

test("malformed accounts are refused naming the field", () => {
  const h = createHarness();
  assert.throws(
    () => h.manager.addAccount(account(1, { server: "https://pbx.test" })),
    /main\/1001: "server" must be a ws:\/\/ or wss:\/\/ URL/,
  );
  assert.throws(() => h.manager.addAccount(account(1, { domain: "" })), /main\/1001: "domain" is missing/);
  assert.throws(
    () => h.manager.addAccount(account(1, { registerExpires: -5 })),
    /"registerExpires" must be a positive/,
  );
  assert.throws(() => h.manager.addAccount(account(1, { extension: "10 01" })), /do not form a valid SIP URI/);
  for (const keepAliveSeconds of [-1, 3601, 2.5, "30"]) {
    assert.throws(
      () => h.manager.addAccount(account(1, { keepAliveSeconds })),
      /main\/1001: "keepAliveSeconds" must be a whole number of seconds from 0 to 3600/,
    );
  }
  assert.equal(h.sip.userAgents.length, 0);
});

test("normalizeAccount fills defaults: id from profile/extension, auth user = extension", () => {
  const a = normalizeAccount({ profile: "p", extension: 7, domain: "d", server: "ws://h/" });
  assert.equal(a.id, "p/7");
  assert.equal(a.authUsername, "7");
  assert.equal(a.registerExpires, 600);
  assert.equal(a.keepAliveSeconds, 30);
  assert.equal(
    normalizeAccount({ extension: 7, domain: "d", server: "ws://h/", keepAliveSeconds: 0 }).keepAliveSeconds,
    0,
  );
  assert.deepEqual(a.iceServers, []);
});

test("the profile's keep-alive goes with the account's transport, and a changed one makes a new UserAgent", async () => {
  const h = createHarness();
  h.manager.addAccount(account(1, { keepAliveSeconds: 5 }));
  assert.equal(h.sip.userAgents[0].options.transportOptions.keepAliveSeconds, 5);

  const result = await h.manager.applyConfig([account(1, { keepAliveSeconds: 15 })]);

  assert.deepEqual(result.updated, ["main/1001"]);
  assert.equal(h.sip.userAgents.at(-1).options.transportOptions.keepAliveSeconds, 15);
});

test("a profile's relay-only ICE policy reaches the media handler's options; anything else means all", () => {
  const h = createHarness();
  h.manager.addAccount(account(1, { iceTransportPolicy: "relay", iceGatheringTimeoutMs: 700 }));
  h.manager.addAccount(account(2, { iceTransportPolicy: "bogus" }));

  const [relay, other] = h.sip.userAgents.map((ua) => ua.options.sessionDescriptionHandlerFactoryOptions);
  assert.equal(relay.peerConnectionConfiguration.iceTransportPolicy, "relay");
  assert.equal(relay.iceGatheringTimeoutMs, 700);
  assert.equal(other.peerConnectionConfiguration.iceTransportPolicy, "all");
});

test("a profile's codec order reaches the media handler's options; a change makes a new user agent", async () => {
  const h = createHarness();
  h.manager.addAccount(account(1, { codecs: ["pcmu", "g722"] }));
  h.manager.addAccount(account(2));
  const [ordered, plain] = h.sip.userAgents.map((ua) => ua.options.sessionDescriptionHandlerFactoryOptions);
  assert.deepEqual(ordered.codecs, ["pcmu", "g722"]);
  assert.deepEqual(plain.codecs, []);
  const result = await h.manager.applyConfig([account(1, { codecs: ["opus"] }), account(2)]);
  assert.deepEqual(result.updated, ["main/1001"]);
  assert.deepEqual(h.sip.userAgents.at(-1).options.sessionDescriptionHandlerFactoryOptions.codecs, ["opus"]);
});

test("per-account unregister and register: the browser softphone's lifecycle, the other accounts untouched", async () => {
  const h = createHarness();
  h.manager.addAccount(account(1));
  h.manager.addAccount(account(2));
  await registerAll(h);

  const ua1 = h.ua("main/1001");
  const registerer = ua1.lastRegisterer;
  const stopped = h.manager.unregister("main/1001");
  await h.clock.advance(0);
  assert.deepEqual(
    registerer.requests.map((r) => r.kind),
    ["register", "unregister"],
    "registerer.unregister()",
  );
  registerer.confirmUnregister();
  await stopped;
  assert.deepEqual(ua1.calls, ["start", "stop"], "then ua.stop()");
  assert.equal(h.lastState("main/1001").state, "unregistered");
  assert.equal(h.lastState("main/1002").state, "registered");
  assert.deepEqual(h.ua("main/1002").calls, ["start"]);

  h.manager.register("main/1001");
  await h.clock.advance(0);
  assert.deepEqual(ua1.calls, ["start", "stop", "start"]);
  ua1.acceptConnection();
  await h.clock.advance(0);
  assert.notEqual(ua1.lastRegisterer, registerer, "a new Registerer after the UA was restarted");
  ua1.lastRegisterer.accept();
  await h.clock.advance(0);
  assert.equal(h.lastState("main/1001").state, "registered");
});

test("unknown accounts in commands are an error naming the account", () => {
  const h = createHarness();
  assert.throws(() => h.manager.register("main/9999"), /Unknown account main\/9999/);
});

test("applyConfig adds, removes and replaces accounts by diff and keeps unchanged ones running", async () => {
  const h = createHarness();
  await h.manager.applyConfig([account(1), account(2), account(3)]);
  await registerAll(h);
  const ua2 = h.ua("main/1002");
  const ua3 = h.ua("main/1003");

  const result = await withPbxConfirmingUnregisters(h, () =>
    h.manager.applyConfig([account(1), account(3, { password: "new-password" }), account(4)]),
  );

  assert.deepEqual(result.added, ["main/1004"]);
  assert.deepEqual(result.removed, ["main/1002"]);
  assert.deepEqual(result.updated, ["main/1003"]);
  assert.deepEqual(result.unchanged, ["main/1001"]);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(h.manager.accountIds().sort(), ["main/1001", "main/1003", "main/1004"]);
  assert.equal(h.uas("main/1001").length, 1, "unchanged account keeps its UA");
  assert.ok(ua2.calls.includes("stop"), "removed account's UA stopped");
  assert.ok(ua3.calls.includes("stop"), "changed account's old UA stopped");
  assert.equal(h.uas("main/1003").length, 2, "changed account got a new UA");
  assert.equal(h.ua("main/1003").options.authorizationPassword, "new-password");
  assert.equal(h.lastState("main/1001").state, "registered");
});

test("applyConfig reports the 7th and malformed accounts but applies the rest", async () => {
  const h = createHarness();
  const accounts = [1, 2, 3, 4, 5, 6, 7].map((n) => account(n));
  accounts.push({ profile: "main", extension: "1010", domain: "pbx.test", server: "sip:nope" });
  const result = await h.manager.applyConfig(accounts);
  assert.equal(result.added.length, 6);
  assert.deepEqual(
    result.errors.map((e) => e.account),
    ["main/1010", "main/1007"],
  );
  assert.match(result.errors[1].message, /at most 6 accounts/);
  assert.match(result.errors[0].message, /"server"/);
  assert.ok(h.logger.lines.some((l) => l.level === "error" && /at most 6 accounts/.test(l.message)));
});

test("removeAccount un-REGISTERs and stops, and reports nothing more for it", async () => {
  const h = createHarness();
  h.manager.addAccount(account(1));
  await registerAll(h);
  const ua = h.ua("main/1001");
  const before = h.states.length;
  const removed = withPbxConfirmingUnregisters(h, () => h.manager.removeAccount("main/1001"));
  assert.equal(await removed, true);
  assert.deepEqual(
    ua.registerers[0].requests.map((r) => r.kind),
    ["register", "unregister"],
  );
  assert.deepEqual(ua.calls, ["start", "stop"]);
  assert.equal(h.states.length, before);
  assert.equal(await h.manager.removeAccount("main/1001"), false);
});

test("SIP.js log lines reach the page logger with the account, never the password", async () => {
  const h = createHarness();
  h.manager.addAccount(account(1));
  const connector = h.sip.userAgents[0].options.logConnector;
  connector("warn", "sip.Registerer", undefined, "Failed to register, status code 403");
  connector(
    "warn",
    "sip.UserAgent",
    undefined,
    'The user agent option "reconnectionAttempts" as has apparently been specified and has been deprecated.',
  );
  await registerAll(h);
  const ua = h.ua("main/1001");
  ua.dropConnection();
  await h.clock.advance(60_000);

  const warn = h.logger.lines.find((l) => l.message.includes("status code 403"));
  assert.equal(warn.level, "warn");
  assert.equal(warn.source, "sip.js");
  assert.match(warn.message, /^main\/1001 sip.Registerer: /);
  const deprecation = h.logger.lines.find((l) => l.message.includes("reconnectionAttempts"));
  assert.equal(deprecation.level, "debug", "our deliberate reconnectionAttempts: 0 is not a warning");
  assert.ok(h.logger.lines.length > 3);
  for (const l of h.logger.lines) assert.ok(!l.message.includes("Pw-1-correct-horse"), l.message);
  for (const s of h.states) assert.ok(!JSON.stringify(s).includes("Pw-1"), "no password in states");
});

function idOf(ua) {
  return `main/${ua.options.uri.text.slice(4, 8)}`;
}

async function registerAll(h) {
  for (const ua of h.sip.userAgents) if (ua.connecting) ua.acceptConnection();
  await h.clock.advance(0);
  for (const ua of h.sip.userAgents) {
    const r = ua.lastRegisterer;
    if (r && r.state === "Initial") r.accept();
  }
  await h.clock.advance(0);
}

/** Runs fn while answering every un-REGISTER the way a PBX would (200 OK). */
async function withPbxConfirmingUnregisters(h, fn) {
  const pending = fn();
  for (let i = 0; i < 5; i++) {
    await h.clock.advance(0);
    for (const r of h.sip.registerers) {
      if (r.state === "Registered" && r.requests.at(-1)?.kind === "unregister") r.confirmUnregister();
    }
  }
  return pending;
}
