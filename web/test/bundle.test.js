// The shipped bundles, end to end: esbuild builds js/sip.js, js/sip-account-manager.js and
// js/app.js exactly as `npm run build` does; they run as classic scripts in one global scope over
// index.html's DOM, the way the WebView loads them. SIP.js's WebSocket transport talks over the
// bridge's ws-* messages to a fake Java, whose sockets reach the in-process registrar.

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
    bundles = ["sip.js", "sip-account-manager.js", "app.js"].map((f) => ({
      f,
      code: readFileSync(join(outdir, f), "utf8"),
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

/**
 * Java's side of the page's SIP sockets (app.SipSockets: ws-open, ws-send, ws-close in, ws-event out),
 * whose far end is the loopback PBX's request handler.
 */
function javaSocketsTo(pbx, opened, toPage) {
  const sockets = new Map();
  const event = (socket, type, extra = {}) =>
    setImmediate(() => toPage({ type: "ws-event", socket, event: type, ...extra }));
  const closed = (socket, code) => {
    if (socket.closed) return;
    socket.closed = true;
    socket.open = false;
    pbx.sockets.delete(socket);
    sockets.delete(socket.id);
    event(socket.id, "close", { code, reason: "" });
  };
  return (msg) => {
    if (msg.type === "ws-open") {
      opened.push({ url: msg.url, protocol: msg.protocol });
      const socket = { id: msg.socket, open: false, closed: false, serverGone: () => closed(socket, 1006) };
      sockets.set(socket.id, socket);
      setTimeout(() => {
        if (!pbx.up) return closed(socket, 1006);
        socket.open = true;
        pbx.sockets.add(socket);
        event(socket.id, "open");
      }, 1);
    } else if (msg.type === "ws-send") {
      const socket = sockets.get(msg.socket);
      setImmediate(() => {
        const answer = pbx.handle(String(msg.data));
        if (answer && socket?.open) event(socket.id, "message", { data: answer });
      });
    } else if (msg.type === "ws-close") {
      const socket = sockets.get(msg.socket);
      if (socket) setTimeout(() => closed(socket, msg.code ?? 1000), 1);
    }
  };
}

/** The WebView's own WebSocket, which the page must never use for SIP. */
class WebViewWebSocket {
  constructor() {
    throw new Error("the page opened the WebView's own WebSocket");
  }
}

async function waitFor(predicate, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test("the built page registers two accounts over the Java-run WebSockets and recovers from a PBX restart", async () => {
  const accounts = [account(1), account(2)];
  const pbx = createLoopbackPbx({ users: Object.fromEntries(accounts.map((a) => [a.extension, a.password])) });
  pbx.sockets = new Set();
  const opened = [];
  const dom = pageWindow();
  const toJava = [];
  const g = vm.createContext({
    document: dom.document,
    console: { log() {}, info() {}, debug() {}, warn() {}, error() {} },
    WebSocket: WebViewWebSocket,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    performance,
    addEventListener() {},
  });
  g.window = g;
  for (const { f, code } of bundles) vm.runInContext(code, g, { filename: f });
  // As in the WebView, the scripts ran while index.html was still loading: app.js starts the page on
  // DOMContentLoaded (jsdom fires it on the next turn).
  const doc = dom.document;
  if (doc.readyState === "loading")
    await new Promise((r) => doc.addEventListener("DOMContentLoaded", r, { once: true }));

  assert.equal(typeof g.SIP.UserAgent, "function", "js/sip.js exposes SIP");
  assert.equal(
    typeof g.DeskphoneAccounts.SIPAccountManager,
    "function",
    "js/sip-account-manager.js exposes DeskphoneAccounts",
  );
  assert.equal(typeof g.Deskphone.receive, "function", "js/app.js installed window.Deskphone");

  const javaSockets = javaSocketsTo(pbx, opened, (message) => g.Deskphone.receive(JSON.stringify(message)));
  g.deskphoneJava = {
    send: (json) => {
      const message = JSON.parse(json);
      toJava.push(message);
      javaSockets(message);
      return '{"ok":true}';
    },
  };
  g.Deskphone.attach();
  assert.deepEqual(toJava[0], { type: "ready" });
  const profiles = [
    { name: "main", server: accounts[0].server, domain: "pbx.test", stun: [], turn: null, locked: false },
  ];
  g.Deskphone.receive(JSON.stringify({ type: "config", accounts, profiles, maxAccounts: 6 }));

  const stateOf = (id) => dom.document.querySelector(`[data-account="${id}"]`)?.dataset.state;
  await waitFor(
    () => stateOf("main/1001") === "registered" && stateOf("main/1002") === "registered",
    "both registered",
  );
  assert.equal(opened.length, 2, "one WebSocket per account");
  assert.deepEqual(opened[0], { url: "wss://pbx.test:8443/ws", protocol: "sip" });
  assert.equal(pbx.bindings.size, 2);

  // The PBX restarts: sockets die, bindings are lost, it is back 200 ms later.
  pbx.up = false;
  pbx.bindings.clear();
  for (const s of [...pbx.sockets]) s.serverGone();
  await waitFor(() => stateOf("main/1001") !== "registered", "loss noticed");
  setTimeout(() => {
    pbx.up = true;
  }, 200);
  await waitFor(
    () => stateOf("main/1001") === "registered" && stateOf("main/1002") === "registered",
    "registered again",
  );
  assert.equal(pbx.bindings.size, 2);

  const states = toJava.filter((m) => m.type === "account-state" && m.account === "main/1001").map((m) => m.state);
  assert.deepEqual(states.slice(0, 3), ["connecting", "registering", "registered"]);
  assert.ok(states.includes("reconnecting"), `went through reconnecting: ${states}`);
  assert.equal(states.at(-1), "registered");
  for (const m of toJava) assert.ok(!/Pw-\d-correct-horse/.test(JSON.stringify(m)), JSON.stringify(m));

  g.Deskphone.receive(JSON.stringify({ type: "command", name: "unregister", account: "main/1001" }));
  g.Deskphone.receive(JSON.stringify({ type: "command", name: "unregister", account: "main/1002" }));
  await waitFor(
    () => stateOf("main/1001") === "unregistered" && stateOf("main/1002") === "unregistered",
    "unregistered",
  );
  assert.equal(pbx.bindings.size, 0);
});
