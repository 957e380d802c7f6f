import { test } from "node:test";
import assert from "node:assert/strict";
import { createAppView } from "../src/ui/app-view.js";
import { describeAccountState, formatDuration } from "../src/ui/state-text.js";
import { card, fakeTimers, pageWindow, submit, text, typeInto } from "./support/dom.js";
import { account } from "./support/harness.js";

const PROFILE = {
  name: "main",
  server: "wss://pbx.test:8443/ws",
  domain: "pbx.test",
  stun: ["stun:s.test"],
  turn: null,
  locked: false,
};

function view(options = {}) {
  const window = pageWindow();
  const doc = window.document;
  const calls = [];
  const timers = fakeTimers();
  let seq = 0;
  const v = createAppView({
    document: doc,
    timers,
    onRegister: (id) => calls.push(["register", id]),
    onUnregister: (id) => calls.push(["unregister", id]),
    onSettings: (action, values) => {
      const requestId = `r${++seq}`;
      calls.push(["settings", requestId, action, values]);
      return requestId;
    },
    ...options,
  });
  return { window, doc, v, calls, timers };
}

test("state texts: what the agent reads", () => {
  assert.deepEqual(describeAccountState({ state: "registered" }, 0), {
    tone: "ok",
    label: "Registered",
    detail: "Ready for calls.",
  });
  const failed = describeAccountState({ state: "failed", statusCode: 403, reason: "Forbidden", retryAt: 60_000 }, 0);
  assert.equal(failed.tone, "error");
  assert.equal(failed.detail, "403 Forbidden — check the password. Next try in 1 min.");
  assert.equal(
    describeAccountState({ state: "failed", statusCode: 404, reason: "Not Found" }, 0).detail,
    "404 Not Found — this extension is unknown to the PBX.",
  );
  assert.equal(
    describeAccountState({ state: "reconnecting", reason: "Connection lost", retryAt: 4_200 }, 0).label,
    "Reconnecting in 5 s",
  );
  assert.equal(formatDuration(65_000), "1 min 5 s");
});

test("one card per account with stable hooks and live state", () => {
  const { doc, v } = view();
  v.showConfig({ accounts: [account(1), account(2, { displayName: "" })], profiles: [PROFILE], maxAccounts: 6 });
  assert.equal(doc.body.dataset.config, "ready");
  assert.equal(doc.getElementById("loading").hidden, true);
  assert.equal(doc.getElementById("first-run").hidden, true);
  assert.equal(doc.querySelectorAll(".account-card").length, 2);
  const c1 = card(doc, "main/1001");
  assert.equal(c1.dataset.profile, "main");
  assert.equal(c1.dataset.extension, "1001");
  assert.equal(c1.querySelector(".account-name").textContent, "Agent 1");
  assert.equal(card(doc, "main/1002").querySelector(".account-name").textContent, "Extension 1002");

  v.showAccountState({ account: "main/1001", state: "connecting" });
  assert.equal(c1.dataset.state, "connecting");
  assert.equal(text(c1, "state-label"), "Connecting…");
  v.showAccountState({ account: "main/1001", state: "registered" });
  v.showAccountState({
    account: "main/1002",
    state: "failed",
    statusCode: 403,
    reason: "Forbidden",
    retryInMs: 45_000,
  });
  assert.equal(c1.dataset.state, "registered");
  assert.equal(c1.dataset.tone, "ok");
  assert.equal(c1.querySelector('[data-action="register"]').disabled, true);
  assert.equal(c1.querySelector('[data-action="unregister"]').disabled, false);
  const c2 = card(doc, "main/1002");
  assert.equal(c2.dataset.state, "failed");
  assert.equal(c2.dataset.statusCode, "403");
  assert.equal(text(c2, "state-label"), "Registration failed");
  assert.equal(text(c2, "state-detail"), "403 Forbidden — check the password. Next try in 45 s.");
  assert.equal(c2.querySelector('[data-action="register"]').textContent, "Retry now");
  assert.equal(doc.getElementById("summary").textContent, "1/2");
  assert.equal(doc.getElementById("summary").title, "1 of 2 accounts registered");
  assert.equal(doc.getElementById("summary").dataset.tone, "warn");
  assert.equal(v.showAccountState({ account: "other/1", state: "registered" }), undefined, "unknown account ignored");
});

test("the top bar's Settings gear says what it does in its label and tooltip, open or closed", () => {
  const { doc, v } = view();
  v.showConfig({ accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 });
  const gear = doc.getElementById("settings-toggle");
  assert.equal(gear.getAttribute("aria-label"), "Settings");
  gear.click();
  assert.equal(gear.getAttribute("aria-expanded"), "true");
  assert.equal(gear.getAttribute("aria-label"), "Close settings");
  assert.equal(gear.title, "Close settings");
  gear.click();
  assert.equal(gear.getAttribute("aria-label"), "Settings");
});

test("reconnecting counts down every second and stops ticking when done", () => {
  const { doc, v, timers } = view();
  v.showConfig({ accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 });
  v.showAccountState({ account: "main/1001", state: "reconnecting", reason: "Connection lost", retryInMs: 4_000 });
  const c = card(doc, "main/1001");
  assert.equal(text(c, "state-label"), "Reconnecting in 4 s");
  assert.equal(text(c, "state-detail"), "Connection lost. Deskphone keeps trying by itself.");
  timers.advance(1_000);
  assert.equal(text(c, "state-label"), "Reconnecting in 3 s");
  timers.advance(3_000);
  assert.equal(text(c, "state-label"), "Reconnecting in 0 s");
  timers.advance(1_000);
  assert.equal(timers.active, 0, "no idle timer left running");
});

test("Register and Unregister buttons act on their own account and wait for the answer", async () => {
  const { doc, v, calls } = view();
  v.showConfig({ accounts: [account(1), account(2)], profiles: [PROFILE], maxAccounts: 6 });
  v.showAccountState({ account: "main/1002", state: "registered" });
  v.showAccountState({ account: "main/1001", state: "unregistered" });
  card(doc, "main/1002").querySelector('[data-action="unregister"]').click();
  card(doc, "main/1001").querySelector('[data-action="register"]').click();
  assert.equal(card(doc, "main/1002").dataset.busy, "true");
  assert.equal(card(doc, "main/1002").querySelector('[data-action="unregister"]').disabled, true);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(calls, [
    ["unregister", "main/1002"],
    ["register", "main/1001"],
  ]);
});

test("first run: explains admin provisioning and opens the settings forms", () => {
  const { doc, v } = view();
  v.showConfig({ accounts: [], profiles: [], maxAccounts: 6 });
  const firstRun = doc.getElementById("first-run");
  assert.equal(doc.body.dataset.config, "first-run");
  assert.equal(firstRun.hidden, false);
  const commands = firstRun.querySelector('[data-role="provisioning-commands"]').textContent;
  assert.match(commands, /deskphone profile add main --system --server wss:\/\/\S+ --domain \S+/);
  assert.match(commands, /deskphone account add --profile main --extension 1001/);
  assert.equal(doc.getElementById("settings").hidden, false);
  assert.equal(doc.getElementById("profile-form-section").open, true);
  assert.equal(
    doc.querySelector('#account-form button[type="submit"]').disabled,
    true,
    "no profile to add an account to",
  );
});

test("add-profile: obvious slips are caught next to the field, nothing is sent", () => {
  const { doc, v, calls } = view();
  v.showConfig({ accounts: [], profiles: [], maxAccounts: 6 });
  const form = doc.getElementById("profile-form");
  typeInto(form, { name: "main", server: "https://pbx.test", domain: "pbx.test", stun: "stun:ok.test turn:bad" });
  submit(form);
  assert.equal(calls.length, 0);
  assert.equal(
    form.querySelector('[data-error-for="server"]').textContent,
    "The server must be a ws:// or wss:// URL.",
  );
  assert.match(form.querySelector('[data-error-for="stun"]').textContent, /“turn:bad” is not a stun: or stuns: URI/);
  assert.equal(form.querySelector('[data-field="server"]').dataset.invalid, "true");
  assert.equal(form.querySelector('[data-error-for="domain"]').textContent, "");
});

test("add-profile: sends a settings request and shows Java's field errors next to the fields", () => {
  const { doc, v, calls } = view();
  v.showConfig({ accounts: [], profiles: [], maxAccounts: 6 });
  const form = doc.getElementById("profile-form");
  typeInto(form, {
    name: "main",
    server: "wss://pbx.test:8443/ws",
    domain: "pbx.test",
    stun: "stun:a.test, stun:b.test",
    turn: "turns:t.test:5349",
    turnUsername: "agent",
    turnPassword: "t-secret",
    default: true,
  });
  submit(form);
  assert.deepEqual(calls, [
    [
      "settings",
      "r1",
      "add-profile",
      {
        name: "main",
        server: "wss://pbx.test:8443/ws",
        domain: "pbx.test",
        stun: ["stun:a.test", "stun:b.test"],
        turn: "turns:t.test:5349",
        turnUsername: "agent",
        turnPassword: "t-secret",
        default: true,
      },
    ],
  ]);
  assert.equal(form.dataset.busy, "true");
  assert.equal(form.querySelector('button[type="submit"]').disabled, true);

  assert.equal(
    v.showSettingsResult({
      requestId: "r1",
      ok: false,
      errors: { domain: "--domain: not a host name", caFile: "unreadable" },
    }),
    true,
  );
  assert.equal(form.querySelector('[data-error-for="domain"]').textContent, "--domain: not a host name");
  assert.equal(
    form.querySelector('[data-role="form-error"]').textContent,
    "caFile: unreadable",
    "unknown fields: form-level",
  );
  assert.equal(form.querySelector('button[type="submit"]').disabled, false);
  assert.equal(v.showSettingsResult({ requestId: "nope", ok: true }), false);

  submit(form);
  v.showSettingsResult({ requestId: "r2", ok: true });
  assert.equal(form.querySelector('[name="name"]').value, "", "form cleared after success");
  assert.equal(form.querySelector('[data-error-for="domain"]').textContent, "");
  assert.equal(form.querySelector('[data-role="form-status"]').textContent, "Profile “main” added.");
});

test("locked profiles: their fields are disabled and cannot be shadowed", () => {
  const { doc, v, calls } = view();
  const locked = {
    name: "corp",
    server: "wss://corp.test/ws",
    domain: "corp.test",
    stun: [],
    turn: "turn:t.corp.test",
    locked: true,
    autoAnswerSeconds: 2,
    iceTransportPolicy: "relay",
  };
  v.showConfig({ accounts: [], profiles: [locked, PROFILE], maxAccounts: 6 });
  const corp = doc.querySelector('.profile[data-profile="corp"]');
  assert.equal(corp.dataset.locked, "true");
  assert.equal(corp.disabled, true);
  for (const input of corp.querySelectorAll("input")) assert.equal(input.disabled, true);
  const shown = [...corp.querySelectorAll("label.readonly")].map((l) => [
    l.firstChild.textContent,
    l.querySelector("input").value,
  ]);
  assert.deepEqual(
    shown.slice(-2),
    [
      ["Auto-answer", "After 2 s"],
      ["Media", "Through the TURN relay only"],
    ],
    "the administrator's call handling is shown to the agent",
  );
  const main = doc.querySelector('.profile[data-profile="main"]');
  assert.equal(main.dataset.locked, "false");
  assert.equal(main.querySelector("input").disabled, false);

  const form = doc.getElementById("profile-form");
  typeInto(form, { name: "corp", server: "wss://evil.test/ws", domain: "evil.test" });
  submit(form);
  assert.equal(calls.length, 0);
  assert.match(
    form.querySelector('[data-error-for="name"]').textContent,
    /set by your administrator and cannot be changed/,
  );

  // Adding an account to the locked profile is fine; its server/domain show, disabled.
  const accountForm = doc.getElementById("account-form");
  assert.equal(accountForm.querySelector('[name="profile"]').value, "corp");
  const info = [...accountForm.querySelectorAll('[data-role="profile-info"] input')];
  assert.deepEqual(
    info.map((i) => [i.value, i.disabled]),
    [
      ["wss://corp.test/ws", true],
      ["corp.test", true],
    ],
  );
});

test("launch settings: the administrator's are disabled and say so, the others show where they came from", () => {
  const { doc, v } = view();
  v.showConfig({
    accounts: [],
    profiles: [PROFILE],
    maxAccounts: 6,
    launchSettings: [
      { name: "backend", label: "Backend", value: "https://crm.example.com", source: "system", locked: true },
      { name: "outbox-capacity", label: "Outbox capacity", value: "2000", source: "user", locked: false },
      { name: "log-level", label: "Log level", value: "DEBUG", source: "flag", locked: false },
    ],
  });
  const backend = doc.querySelector('#launch-settings .launch-setting[data-setting="backend"]');
  assert.equal(backend.dataset.locked, "true");
  assert.equal(backend.querySelector("input").disabled, true);
  assert.equal(backend.querySelector("input").value, "https://crm.example.com");
  assert.equal(backend.querySelector(".badge.lock").textContent, "Locked");
  assert.match(backend.querySelector(".hint").textContent, /^Set by your administrator: it cannot be changed here/);
  const capacity = doc.querySelector('.launch-setting[data-setting="outbox-capacity"]');
  assert.equal(capacity.dataset.locked, "false");
  assert.equal(capacity.querySelector("input").disabled, false);
  assert.equal(capacity.querySelector("input").readOnly, true, "changed with 'deskphone settings set', not here");
  assert.equal(capacity.querySelector(".badge"), null);
  assert.match(capacity.querySelector(".hint").textContent, /Your setting/);
  assert.match(doc.querySelector('.launch-setting[data-setting="log-level"] .hint').textContent, /this run only/);

  v.showConfig({ accounts: [], profiles: [PROFILE], maxAccounts: 6 });
  assert.equal(
    doc.getElementById("launch-settings").hidden,
    true,
    "an older config without them shows no empty section",
  );
});

test("add-account: values sent, password cleared whatever the answer, limit of 6 enforced", () => {
  const { doc, v, calls } = view();
  v.showConfig({ accounts: [], profiles: [PROFILE], maxAccounts: 6 });
  assert.equal(doc.body.dataset.config, "no-accounts");
  const form = doc.getElementById("account-form");
  typeInto(form, { profile: "main", extension: "1001", displayName: "Front desk", password: " pw with spaces " });
  submit(form);
  assert.deepEqual(calls[0], [
    "settings",
    "r1",
    "add-account",
    {
      profile: "main",
      extension: "1001",
      displayName: "Front desk",
      authUsername: undefined,
      password: " pw with spaces ",
    },
  ]);
  v.showSettingsResult({ requestId: "r1", ok: false, errors: { password: "Missing password" } });
  assert.equal(form.querySelector('[name="password"]').value, "");
  assert.equal(form.querySelector('[data-error-for="password"]').textContent, "Missing password");

  const six = [1, 2, 3, 4, 5, 6].map((n) => account(n));
  v.showConfig({ accounts: six, profiles: [PROFILE], maxAccounts: 6 });
  assert.equal(form.querySelector('button[type="submit"]').disabled, true);
  assert.match(form.querySelector('[data-role="form-error"]').textContent, /At most 6 accounts/);
});

test("remove-account from settings sends profile and extension", () => {
  const { doc, v, calls } = view();
  v.showConfig({ accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 });
  doc.querySelector('#settings-accounts li[data-account="main/1001"] [data-action="remove-account"]').click();
  assert.deepEqual(calls, [["settings", "r1", "remove-account", { profile: "main", extension: "1001" }]]);
  v.showSettingsResult({ requestId: "r1", ok: false, errors: { extension: "Locked by the administrator" } });
  assert.match(
    doc.querySelector('#settings-accounts li[data-account="main/1001"] [data-role="form-error"]').textContent,
    /extension: Locked by the administrator/,
  );
});

test("notices: shown, replaced by key, removed when empty", () => {
  const { doc, v } = view();
  v.showNotice("config", "Account main/1007 was not added: at most 6 accounts can be active at once.", "error");
  v.showNotice("config", "Second text", "error");
  const notices = doc.querySelectorAll('#notices [data-notice="config"]');
  assert.equal(notices.length, 1);
  assert.equal(notices[0].textContent, "Second text");
  assert.equal(notices[0].getAttribute("role"), "alert");
  v.showNotice("config", "");
  assert.equal(doc.querySelectorAll("#notices .notice").length, 0);
});

test("the settings button opens and closes the settings", () => {
  const { doc, v } = view();
  v.showConfig({ accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 });
  const toggle = doc.getElementById("settings-toggle");
  assert.equal(doc.getElementById("settings").hidden, true);
  toggle.click();
  assert.equal(doc.getElementById("settings").hidden, false);
  assert.equal(toggle.getAttribute("aria-expanded"), "true");
  toggle.click();
  assert.equal(doc.getElementById("settings").hidden, true);
});
