// The page as Java sees it: index.html + startPage wiring, a fake SIP.js, and a fake Java bridge
// object that records every message. Checks the protocol of bridge-protocol.md end to end.

import { test } from "node:test";
import assert from "node:assert/strict";
import { startPage } from "../src/page.js";
import * as DeskphoneAccounts from "../src/sip-account-manager.js";
import { createFakeSip } from "./support/fake-sip.js";
import { createFakeCallSip } from "./support/fake-calls.js";
import { card, pageWindow, submit, typeInto } from "./support/dom.js";
import { account } from "./support/harness.js";
import { settle } from "./support/fake-clock.js";

const PROFILE = {
  name: "main",
  server: "wss://pbx.test:8443/ws",
  domain: "pbx.test",
  stun: [],
  turn: null,
  locked: false,
};

function boot() {
  const window = pageWindow();
  const sip = createFakeSip();
  sip.autoConfirmUnregister = true;
  window.SIP = sip;
  window.DeskphoneAccounts = DeskphoneAccounts;
  const toJava = [];
  const page = startPage(window);
  const attachJava = () => {
    window.deskphoneJava = {
      send: (json) => {
        toJava.push(JSON.parse(json));
        return '{"ok":true}';
      },
    };
    window.Deskphone.attach();
  };
  const fromJava = (msg) => window.Deskphone.receive(JSON.stringify(msg));
  const ofType = (type) => toJava.filter((m) => m.type === type);
  return { window, doc: window.document, sip, toJava, page, attachJava, fromJava, ofType };
}

test("ready waits for attach; config brings cards and account-state messages to Java", async () => {
  const p = boot();
  assert.equal(p.toJava.length, 0, "nothing reaches Java before attach");
  p.attachJava();
  assert.deepEqual(p.toJava[0], { type: "ready" });

  assert.equal(
    p.fromJava({ type: "config", accounts: [account(1), account(2)], profiles: [PROFILE], maxAccounts: 6 }),
    true,
  );
  assert.equal(p.doc.querySelectorAll(".account-card").length, 2);
  assert.equal(p.sip.userAgents.length, 2);
  assert.deepEqual(p.ofType("account-state").slice(0, 2), [
    { type: "account-state", account: "main/1001", state: "connecting" },
    { type: "account-state", account: "main/1002", state: "connecting" },
  ]);

  p.sip.userAgents[0].acceptConnection();
  p.sip.userAgents[1].acceptConnection();
  await settle();
  p.sip.userAgents[0].lastRegisterer.accept();
  p.sip.userAgents[1].lastRegisterer.reject(403, "Forbidden");
  await settle();
  assert.equal(card(p.doc, "main/1001").dataset.state, "registered");
  assert.equal(card(p.doc, "main/1002").dataset.state, "failed");
  const failed = p.ofType("account-state").at(-1);
  assert.equal(failed.account, "main/1002");
  assert.equal(failed.state, "failed");
  assert.equal(failed.statusCode, 403);
  assert.equal(failed.reason, "Forbidden");
  assert.ok(failed.retryInMs >= 30_000);
  assert.ok(p.ofType("log").some((m) => m.source === "accounts" && /main\/1001: registered/.test(m.message)));
  await p.page.dispose();
});

test("commands from Java register and unregister one account", async () => {
  const p = boot();
  p.attachJava();
  p.fromJava({ type: "config", accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 });
  const ua = p.sip.userAgents[0];
  ua.acceptConnection();
  await settle();
  ua.lastRegisterer.accept();
  await settle();

  const registerer = ua.lastRegisterer;
  p.fromJava({ type: "command", name: "unregister", account: "main/1001" });
  await settle();
  assert.deepEqual(
    registerer.requests.map((r) => r.kind),
    ["register", "unregister"],
  );
  assert.equal(p.ofType("account-state").at(-1).state, "unregistered");
  assert.deepEqual(ua.calls, ["start", "stop"]);

  p.fromJava({ type: "command", name: "register", account: "main/1001" });
  assert.deepEqual(ua.calls, ["start", "stop", "start"]);
  p.fromJava({ type: "command", name: "register", account: "main/9999" });
  assert.ok(p.ofType("log").some((m) => m.level === "warn" && /Unknown account main\/9999/.test(m.message)));
  await p.page.dispose();
});

test("a 7th account in the config is shown as an error and logged", async () => {
  const p = boot();
  p.attachJava();
  p.fromJava({
    type: "config",
    accounts: [1, 2, 3, 4, 5, 6, 7].map((n) => account(n)),
    profiles: [PROFILE],
    maxAccounts: 6,
  });
  await settle();
  assert.equal(p.sip.userAgents.length, 6);
  const notice = p.doc.querySelector('#notices [data-notice="config"]');
  assert.match(notice.textContent, /main\/1007 was not added: at most 6 accounts/);
  assert.ok(p.ofType("log").some((m) => m.level === "error" && /main\/1007/.test(m.message)));
  await p.page.dispose();
});

test("configuration warnings from Java are shown to the agent, and go once they are fixed", async () => {
  const p = boot();
  p.attachJava();
  const unreadable =
    "TURN passwords in /etc/deskphone/secrets.json cannot be read by this user (agent): calls that need" +
    " the administrator's TURN relay will fail";
  p.fromJava({ type: "config", accounts: [], profiles: [PROFILE], maxAccounts: 6, warnings: [unreadable] });
  const notice = () => p.doc.querySelector('#notices [data-notice="config-warnings"]');
  assert.equal(notice().textContent, unreadable);
  assert.equal(notice().dataset.kind, "warn");
  p.fromJava({ type: "config", accounts: [], profiles: [PROFILE], maxAccounts: 6, warnings: [] });
  assert.equal(notice(), null);
  await p.page.dispose();
});

test("settings form round trip: settings message out, settings-result back", () => {
  const p = boot();
  p.attachJava();
  p.fromJava({ type: "config", accounts: [], profiles: [], maxAccounts: 6 });
  const form = p.doc.getElementById("profile-form");
  typeInto(form, { name: "main", server: "wss://pbx.test:8443/ws", domain: "pbx.test" });
  submit(form);
  const [request] = p.ofType("settings");
  assert.equal(request.action, "add-profile");
  assert.match(request.requestId, /^settings-/);
  assert.deepEqual(request.values, {
    name: "main",
    server: "wss://pbx.test:8443/ws",
    domain: "pbx.test",
    stun: [],
    default: false,
  });
  p.fromJava({
    type: "settings-result",
    requestId: request.requestId,
    ok: false,
    errors: { server: "--server: cannot be reached" },
  });
  assert.equal(form.querySelector('[data-error-for="server"]').textContent, "--server: cannot be reached");
});

test("audio devices: asked for at start and whenever Settings opens; a choice goes out as audio-select", () => {
  const p = boot();
  p.attachJava();
  assert.deepEqual(
    p.toJava.slice(0, 2),
    [{ type: "ready" }, { type: "audio-devices-request" }],
    "queued until attach, after ready",
  );
  p.fromJava({ type: "config", accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 });
  p.doc.getElementById("settings-toggle").click();
  assert.equal(p.ofType("audio-devices-request").length, 2, "opening Settings asks again");

  assert.equal(
    p.fromJava({
      type: "audio-devices",
      available: true,
      microphones: [{ id: "mic-usb", name: "Jabra Evolve2 40" }],
      speakers: [{ id: "spk-usb", name: "Jabra Evolve2 40" }],
      defaultMicrophone: "Built-in Audio",
      selected: { microphone: null, speaker: { id: "spk-usb", name: "Jabra Evolve2 40", connected: true } },
    }),
    true,
  );
  const mic = p.doc.getElementById("audio-microphone");
  assert.equal(mic.options[0].textContent, "System default (Built-in Audio)");
  mic.value = "mic-usb";
  mic.dispatchEvent(new p.window.Event("change", { bubbles: true }));
  const [select] = p.ofType("audio-select");
  assert.match(select.requestId, /^audio-/);
  assert.deepEqual(select, {
    type: "audio-select",
    requestId: select.requestId,
    microphone: "mic-usb",
    speaker: "spk-usb",
    ringer: null,
  });
  assert.equal(mic.disabled, true);

  assert.equal(
    p.fromJava({
      type: "audio-select-result",
      requestId: select.requestId,
      ok: false,
      errors: { microphone: "Device is busy" },
    }),
    true,
  );
  assert.equal(p.doc.querySelector('[data-error-for="microphone"]').textContent, "Device is busy");
  assert.equal(mic.value, "", "back to the stored System default");
  assert.equal(mic.disabled, false);

  const speaker = p.doc.getElementById("audio-speaker");
  speaker.value = "";
  speaker.dispatchEvent(new p.window.Event("change", { bubbles: true }));
  assert.deepEqual(
    p.ofType("audio-select")[1],
    {
      type: "audio-select",
      requestId: p.ofType("audio-select")[1].requestId,
      microphone: null,
      speaker: null,
      ringer: null,
    },
    "null, not left out, for the system default",
  );
  p.fromJava({ type: "audio-select-result", requestId: p.ofType("audio-select")[1].requestId, ok: true });

  const ringer = p.doc.getElementById("audio-ringer");
  assert.equal(ringer.options[1].textContent, "Jabra Evolve2 40", "any speaker can ring");
  ringer.value = "spk-usb";
  ringer.dispatchEvent(new p.window.Event("change", { bubbles: true }));
  assert.deepEqual(p.ofType("audio-select")[2], {
    type: "audio-select",
    requestId: p.ofType("audio-select")[2].requestId,
    microphone: null,
    speaker: null,
    ringer: "spk-usb",
  });
  assert.equal(
    p.fromJava({
      type: "audio-select-result",
      requestId: p.ofType("audio-select")[2].requestId,
      ok: false,
      errors: { ringer: "ringer: no ringer 'spk-usb' is connected (connected: none)" },
    }),
    true,
  );
  assert.equal(
    p.doc.querySelector('[data-error-for="ringer"]').textContent,
    "ringer: no ringer 'spk-usb' is connected (connected: none)",
  );
  assert.equal(ringer.value, "");

  p.fromJava({ type: "audio-select-result", requestId: "audio-unknown", ok: true });
  assert.ok(
    p
      .ofType("log")
      .some((m) => m.level === "warn" && /audio-select-result for unknown request audio-unknown/.test(m.message)),
  );
  return p.page.dispose();
});

test("console output and errors reach Java as log messages, with passwords redacted", () => {
  const p = boot();
  p.attachJava();
  p.fromJava({
    type: "config",
    accounts: [account(1, { password: "S3cret-Pass" })],
    profiles: [PROFILE],
    maxAccounts: 6,
  });
  p.window.console.log("debug dump", JSON.stringify({ accounts: [account(1, { password: "S3cret-Pass" })] }));
  p.window.console.error("oops S3cret-Pass");
  p.window.onerror("TypeError: x is undefined", "js/app.js", 1, 2, undefined);
  const logs = p.ofType("log");
  assert.ok(logs.some((m) => m.source === "console" && m.level === "info" && m.message.startsWith("debug dump")));
  assert.ok(logs.some((m) => m.source === "console" && m.level === "error" && m.message === "oops [redacted]"));
  assert.ok(logs.some((m) => m.source === "window" && /Uncaught TypeError: x is undefined/.test(m.message)));
  for (const m of p.toJava) assert.ok(!JSON.stringify(m).includes("S3cret-Pass"), JSON.stringify(m));
  return p.page.dispose();
});

test("without the SIP bundles the page still starts and says what is wrong", () => {
  const window = pageWindow();
  const page = startPage(window);
  assert.equal(page.manager, null);
  assert.match(
    window.document.querySelector('[data-notice="startup"]').textContent,
    /sip-account-manager.js did not load/,
  );
});

test("a call answered at once (auto-answer 0) says so in its call-state messages, so Java neither notifies nor rings", async () => {
  const p = boot();
  const calls = createFakeCallSip();
  Object.assign(p.sip, { Invitation: calls.Invitation, SessionState: calls.SessionState });
  p.attachJava();
  const withDelay = (seconds) => ({ ...account(1), autoAnswerSeconds: seconds });
  p.fromJava({ type: "config", accounts: [withDelay(0)], profiles: [PROFILE], maxAccounts: 6 });
  const ua = p.sip.userAgents[0];
  ua.acceptConnection();
  await settle();
  ua.lastRegisterer.accept();
  await settle();

  ua.delegate.onInvite(new calls.Invitation(ua));
  await new Promise((resolve) => setTimeout(resolve, 10));
  const states = p.ofType("call-state");
  assert.deepEqual(
    states.map((m) => [m.state, m.autoAnswerAtOnce]),
    [
      ["ringing", true],
      ["established", true],
    ],
  );

  p.fromJava({ type: "config", accounts: [withDelay(3)], profiles: [PROFILE], maxAccounts: 6 });
  ua.delegate.onInvite(new calls.Invitation(ua));
  const ringing = p.ofType("call-state").at(-1);
  assert.equal(ringing.state, "ringing");
  assert.equal(ringing.autoAnswerAtOnce, false, "rings (and notifies) until the delay is up");
  await p.page.dispose();
});

test("a caller's hostile name rings as text; a call whose event Java refuses, or the backend did, says Not delivered", async () => {
  const p = boot();
  const calls = createFakeCallSip();
  Object.assign(p.sip, { Invitation: calls.Invitation, SessionState: calls.SessionState });
  const refuseCreated = new Set();
  p.window.deskphoneJava = {
    send: (json) => {
      const msg = JSON.parse(json);
      p.toJava.push(msg);
      return msg.type === "call-event" && msg.event === "created" && refuseCreated.has(msg.remoteUri)
        ? JSON.stringify({ ok: false, error: "direction: must be one of inbound, outbound" })
        : '{"ok":true}';
    },
  };
  p.window.Deskphone.attach();
  p.fromJava({ type: "config", accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 });
  const ua = p.sip.userAgents[0];
  ua.acceptConnection();
  await settle();
  ua.lastRegisterer.accept();
  await settle();

  const name = `<img src=x onerror="window.pwned=1">\u202E${"x".repeat(10_000)}`;
  refuseCreated.add("sip:2001@pbx.test");
  ua.delegate.onInvite(new calls.Invitation(ua, { from: "sip:2001@pbx.test", displayName: name }));
  const hostile = p.doc.querySelector("article.call-card");
  assert.equal(hostile.querySelector("img"), null, "markup stays text");
  assert.equal(p.window.pwned, undefined);
  const shown = hostile.querySelector('[data-role="remote-name"]').textContent;
  assert.equal(Array.from(shown).length, 256);
  assert.ok(shown.endsWith("…"));
  const created = p.ofType("call-event").at(-1);
  assert.equal(created.remoteDisplayName, shown, "Java is sent what the card shows");
  assert.equal(hostile.dataset.delivery, "not-delivered", "Java refused its created event");
  assert.equal(hostile.querySelector('[data-role="delivery"]').textContent, "Not delivered");

  ua.delegate.onInvite(new calls.Invitation(ua, { from: "sip:2002@pbx.test", displayName: "Fine" }));
  const fine = p.doc.querySelector("article.call-card:not([data-delivery])");
  assert.ok(fine, "a call whose events Java stored is not marked");
  p.fromJava({
    type: "backend-status",
    state: "online",
    pending: 0,
    dead: 1,
    capacity: 1000,
    undelivered: [fine.dataset.callId],
  });
  assert.equal(fine.dataset.delivery, "not-delivered", "the backend refused one of its events");
  await p.page.dispose();
});

/** A page with calls (fake SIP.js sessions) and main/1001 registered under the given config. */
async function bootWithCalls(accountOverrides = {}, { configFirst = true } = {}) {
  const p = boot();
  const calls = createFakeCallSip();
  Object.assign(p.sip, { Inviter: calls.Inviter, Invitation: calls.Invitation, SessionState: calls.SessionState });
  p.attachJava();
  p.sendConfig = () =>
    p.fromJava({
      type: "config",
      accounts: [{ ...account(1), ...accountOverrides }],
      profiles: [PROFILE],
      maxAccounts: 6,
    });
  if (configFirst) await registerFirst(p);
  p.calls = calls;
  p.dialled = () =>
    calls.sessions
      .filter((session) => session instanceof calls.Inviter)
      .map((inviter) => `${inviter.target} from ${inviter.userAgent.options.uri.text}`);
  p.confirmBox = () => p.doc.getElementById("dial-confirm");
  return p;
}

async function registerFirst(p) {
  p.sendConfig();
  const ua = p.sip.userAgents[0];
  ua.acceptConnection();
  await settle();
  ua.lastRegisterer.accept();
  await settle();
}

test("a clicked link asks the agent (number and account) before it dials; Call dials it, Cancel does not", async () => {
  const p = await bootWithCalls();
  p.fromJava({ type: "command", name: "dial", target: "sip:1900@pbx.test", origin: "link" });
  await settle();
  assert.deepEqual(p.dialled(), [], "nothing dialled yet");
  assert.equal(p.confirmBox().hidden, false);
  assert.equal(p.confirmBox().querySelector('[data-role="target"]').textContent, "sip:1900@pbx.test");
  assert.equal(p.confirmBox().querySelector('[data-role="account"]').textContent, "main/1001");
  p.confirmBox().querySelector('[data-action="cancel-dial"]').click();
  await settle();
  assert.deepEqual(p.dialled(), [], "cancelled: never dialled");

  // A dial without an origin is treated as a link too.
  p.fromJava({ type: "command", name: "dial", target: "sip:1900@pbx.test" });
  await settle();
  p.confirmBox().querySelector('[data-action="confirm-dial"]').click();
  await settle();
  assert.deepEqual(p.dialled(), ["sip:1900@pbx.test from sip:1001@pbx.test"]);
  await p.page.dispose();
});

test("deskphone dial (origin cli) and links the profile allows dial without asking", async () => {
  const p = await bootWithCalls({ allowLinks: ["+4930*"] });
  p.fromJava({ type: "command", name: "dial", target: "1900", origin: "cli" });
  await settle();
  p.fromJava({ type: "command", name: "dial", target: "tel:+4930123", origin: "link" });
  await settle();
  assert.equal(p.confirmBox().hidden, true);
  assert.deepEqual(p.dialled(), [
    "sip:1900@pbx.test from sip:1001@pbx.test",
    "sip:+4930123@pbx.test from sip:1001@pbx.test",
  ]);

  p.fromJava({ type: "command", name: "dial", target: "tel:+4940123", origin: "link" });
  await settle();
  assert.equal(p.confirmBox().hidden, false, "a number the profile does not list still asks");
  assert.equal(p.dialled().length, 2);
  await p.page.dispose();
});

test("a link that arrives before the config (the app started by a click) waits for it, then asks", async () => {
  const p = await bootWithCalls({}, { configFirst: false });
  p.fromJava({ type: "command", name: "dial", target: "sip:1900@pbx.test", origin: "link" });
  await settle();
  assert.equal(p.confirmBox().hidden, true, "no accounts known yet");
  await registerFirst(p);
  assert.equal(p.confirmBox().hidden, false);
  assert.deepEqual(p.dialled(), []);
  await p.page.dispose();
});

test("a beforeunload (a navigation Java then blocks) keeps the accounts; pagehide (the page really going) stops them", async () => {
  const p = boot();
  p.attachJava();
  p.fromJava({ type: "config", accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 });
  const ua = p.sip.userAgents[0];
  ua.acceptConnection();
  await settle();
  ua.lastRegisterer.accept();
  await settle();

  p.window.dispatchEvent(new p.window.Event("beforeunload"));
  await settle();
  assert.deepEqual(ua.calls, ["start"]);
  assert.equal(card(p.doc, "main/1001").dataset.state, "registered");

  p.window.dispatchEvent(new p.window.Event("pagehide"));
  await settle();
  assert.deepEqual(ua.calls, ["start", "stop"]);
  await p.page.dispose();
});
