// The shipped bundles, end to end: esbuild builds js/sip.js, js/sip-account-manager.js and
// js/app.js exactly as `npm run build` does; they run as classic scripts in one global scope over
// index.html's DOM, the way the WebView loads them. SIP.js's own WebSocket transport talks through a
// WebSocket stand-in to the in-process registrar, and a fake Java records the bridge traffic.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { pageWindow } from "./support/dom.js";
import { createLoopbackPbx } from "./support/loopback-pbx.js";
import { account } from "./support/harness.js";

const WEB_DIR = new URL("..", import.meta.url).pathname;
let bundles;

before(() => {
  const outdir = mkdtempSync(join(tmpdir(), "deskphone-bundle-"));
  try {
    execFileSync(process.execPath, ["build.mjs", `--outdir=${outdir}`], { cwd: WEB_DIR, stdio: "pipe" });
    bundles = ["sip.js", "sip-account-manager.js", "app.js"].map((f) => ({ f, code: readFileSync(join(outdir, f), "utf8") }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

/** A browser WebSocket whose other end is the loopback PBX's request handler. */
function webSocketTo(pbx, opened) {
  return class LoopbackWebSocket {
    static OPEN = 1;
    constructor(url, protocol) {
      opened.push({ url, protocol });
      this.url = url;
      this.readyState = 0;
      this.listeners = {};
      setTimeout(() => {
        if (!pbx.up) return this.#closed(1006, false);
        this.readyState = 1;
        pbx.sockets.add(this);
        this.#fire("open", {});
      }, 1);
    }
    addEventListener(type, fn) {
      (this.listeners[type] ||= []).push(fn);
    }
    send(data) {
      setImmediate(() => {
        const answer = pbx.handle(String(data));
        if (answer && this.readyState === 1) this.#fire("message", { data: answer });
      });
    }
    close(code = 1000) {
      setTimeout(() => this.#closed(code, true), 1);
    }
    serverGone() {
      this.#closed(1006, false);
    }
    #closed(code, wasClean) {
      if (this.readyState === 3) return;
      this.readyState = 3;
      pbx.sockets.delete(this);
      this.#fire("close", { code, wasClean });
    }
    #fire(type, ev) {
      for (const fn of this.listeners[type] || []) fn(ev);
    }
  };
}

async function waitFor(predicate, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test("the built page registers two accounts over SIP.js's WebSocket transport and recovers from a PBX restart", async () => {
  const accounts = [account(1), account(2)];
  const pbx = createLoopbackPbx({ users: Object.fromEntries(accounts.map((a) => [a.extension, a.password])) });
  pbx.sockets = new Set();
  const opened = [];
  const dom = pageWindow();
  const toJava = [];
  const g = vm.createContext({
    document: dom.document,
    console: { log() {}, info() {}, debug() {}, warn() {}, error() {} },
    WebSocket: webSocketTo(pbx, opened),
    setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
    addEventListener() {},
  });
  g.window = g;
  for (const { f, code } of bundles) vm.runInContext(code, g, { filename: f });
  // As in the WebView, the scripts ran while index.html was still loading: app.js starts the page on
  // DOMContentLoaded (jsdom fires it on the next turn).
  const doc = dom.document;
  if (doc.readyState === "loading") await new Promise((r) => doc.addEventListener("DOMContentLoaded", r, { once: true }));

  assert.equal(typeof g.SIP.UserAgent, "function", "js/sip.js exposes SIP");
  assert.equal(typeof g.DeskphoneAccounts.SIPAccountManager, "function", "js/sip-account-manager.js exposes DeskphoneAccounts");
  assert.equal(typeof g.Deskphone.receive, "function", "js/app.js installed window.Deskphone");

  g.deskphoneJava = { send: (json) => { toJava.push(JSON.parse(json)); return '{"ok":true}'; } };
  g.Deskphone.attach();
  assert.deepEqual(toJava[0], { type: "ready" });
  const profiles = [{ name: "main", server: accounts[0].server, domain: "pbx.test", stun: [], turn: null, locked: false }];
  g.Deskphone.receive(JSON.stringify({ type: "config", accounts, profiles, maxAccounts: 6 }));

  const stateOf = (id) => dom.document.querySelector(`[data-account="${id}"]`)?.dataset.state;
  await waitFor(() => stateOf("main/1001") === "registered" && stateOf("main/1002") === "registered", "both registered");
  assert.equal(opened.length, 2, "one WebSocket per account");
  assert.deepEqual(opened[0], { url: "wss://pbx.test:8443/ws", protocol: "sip" });
  assert.equal(pbx.bindings.size, 2);

  // The PBX restarts: sockets die, bindings are lost, it is back 200 ms later.
  pbx.up = false;
  pbx.bindings.clear();
  for (const s of [...pbx.sockets]) s.serverGone();
  await waitFor(() => stateOf("main/1001") !== "registered", "loss noticed");
  setTimeout(() => { pbx.up = true; }, 200);
  await waitFor(() => stateOf("main/1001") === "registered" && stateOf("main/1002") === "registered", "registered again");
  assert.equal(pbx.bindings.size, 2);

  const states = toJava.filter((m) => m.type === "account-state" && m.account === "main/1001").map((m) => m.state);
  assert.deepEqual(states.slice(0, 3), ["connecting", "registering", "registered"]);
  assert.ok(states.includes("reconnecting"), `went through reconnecting: ${states}`);
  assert.equal(states.at(-1), "registered");
  for (const m of toJava) assert.ok(!/Pw-\d-correct-horse/.test(JSON.stringify(m)), JSON.stringify(m));

  g.Deskphone.receive(JSON.stringify({ type: "command", name: "unregister", account: "main/1001" }));
  g.Deskphone.receive(JSON.stringify({ type: "command", name: "unregister", account: "main/1002" }));
  await waitFor(() => stateOf("main/1001") === "unregistered" && stateOf("main/1002") === "unregistered", "unregistered");
  assert.equal(pbx.bindings.size, 0);
});
