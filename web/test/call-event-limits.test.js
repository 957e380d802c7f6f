// The far end's text on the page: the limits are openapi.yaml's (as Java's CallEventLimits), and
// whatever a caller sends is clipped and shown as text, never refused or rendered as markup. A call
// whose event Java refuses is marked "Not delivered" on its card instead of only being logged.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { LIMITS, MARK, clipText, clipUri } from "../src/call-event-limits.js";
import { createCallEvents } from "../src/call-events.js";
import { createBridge } from "../src/bridge.js";
import { createCallsView } from "../src/ui/calls.js";
import { elementBuilder } from "../src/ui/dom.js";
import { FakeClock } from "./support/fake-clock.js";
import { pageWindow } from "./support/dom.js";

const OPENAPI = readFileSync(
  new URL("../../src/main/resources/dev/deskphone/server/openapi.yaml", import.meta.url),
  "utf8",
);
const codePoints = (s) => Array.from(s).length;

/** The maxLength on the line that declares `field:` after `after` in openapi.yaml. */
function maxLength(field, after) {
  const from = OPENAPI.indexOf(after);
  assert.ok(from >= 0, `openapi.yaml has ${after}`);
  const line = OPENAPI.slice(from)
    .split("\n")
    .find((l) => l.trimStart().startsWith(`${field}:`));
  assert.ok(line, `openapi.yaml declares ${field} after ${after}`);
  return Number(/maxLength: (\d+)/.exec(line)[1]);
}

test("the page's limits are openapi.yaml's", () => {
  assert.equal(LIMITS.name, maxLength("account", "CallCreated:"));
  assert.equal(LIMITS.name, maxLength("profile", "CallCreated:"));
  assert.equal(LIMITS.uri, maxLength("local_uri", "CallCreated:"));
  assert.equal(LIMITS.uri, maxLength("remote_uri", "CallCreated:"));
  assert.equal(LIMITS.displayName, maxLength("remote_display_name", "CallCreated:"));
  assert.equal(LIMITS.codec, maxLength("codec", "Quality:"));
  assert.equal(LIMITS.userAgent, maxLength("remote_user_agent", "CallEnded:"));
  assert.equal(LIMITS.reasonHeader, maxLength("remote_reason", "CallEnded:"));
  assert.equal(LIMITS.uri, maxLength("target", "Transfer:"));
  assert.equal(LIMITS.name, maxLength("disposition", "/internal/calls/{id}/wrapup:"));
  assert.equal(LIMITS.notes, maxLength("notes", "/internal/calls/{id}/wrapup:"));
});

test("clipping: by code points, with a visible mark, never splitting an emoji", () => {
  assert.equal(clipText("Bob", 256), "Bob");
  const long = clipText("x".repeat(10_000), 256);
  assert.equal(long, `${"x".repeat(255)}${MARK}`);
  assert.equal(clipText(long, 256), long, "clipping twice changes nothing");
  assert.equal(clipText(`${"x".repeat(255)}😀`, 256), `${"x".repeat(255)}😀`);
  assert.equal(clipText(`${"x".repeat(254)}😀😀😀`, 256), `${"x".repeat(254)}😀${MARK}`);
  const emoji = clipText("😀".repeat(10_000), 256);
  assert.equal(codePoints(emoji), 256);
  assert.ok(emoji.isWellFormed?.() ?? !/[\ud800-\udfff](?![\udc00-\udfff])/.test(emoji));
});

test("cleaning: controls and lone surrogates become U+FFFD; markup, RTL and emoji stay as they are", () => {
  assert.equal(clipText("A\u0000B\nC\u001b[2JD\u0085E\u007f", 256), "A\ufffdB\ufffdC\ufffd[2JD\ufffdE\ufffd");
  assert.equal(clipText("lone \ud83d high, \ude00 low, end \ud83d", 256), "lone \ufffd high, \ufffd low, end \ufffd");
  const kept = "<img src=x onerror=alert(1)> \u202Egnp.exe \u05e9\u05dc\u05d5\u05dd 😀👩‍👩‍👧";
  assert.equal(clipText(kept, 256), kept);
  // Invalid UTF-8 as the SIP socket's decoder hands it over (U+FFFD per bad sequence).
  const decoded = new TextDecoder().decode(new Uint8Array([0x42, 0xc3, 0xff, 0xed, 0xa0, 0x80]));
  assert.equal(clipText(decoded, 256), decoded);
});

test("URIs stay one token: white space percent-encoded, then clipped", () => {
  assert.equal(clipUri("sip:bob smith@pbx.test"), "sip:bob%20smith@pbx.test");
  const uri = clipUri(`sip:${"a".repeat(10_000)}@pbx.test`);
  assert.equal(codePoints(uri), 512);
  assert.match(uri, /^sip:a+…$/);
});

test("a clipped value clipped again is unchanged: one mark, never over the limit", () => {
  // Java's event parser and the backend clip what the page already clipped (SafeTextTest holds the same).
  for (const value of [
    "x".repeat(10_000),
    `${"x".repeat(254)}😀😀😀`,
    "😀".repeat(300),
    `\u0000\n${"y".repeat(300)}`,
    `${"x".repeat(255)}${MARK}${MARK}`,
    `\u202e${"z".repeat(300)}\ud83d`,
  ]) {
    const once = clipText(value, LIMITS.displayName);
    assert.equal(clipText(once, LIMITS.displayName), once);
    assert.equal(codePoints(once), LIMITS.displayName);
    assert.ok(once.endsWith(MARK) && !once.endsWith(MARK + MARK));
  }
  for (const value of [`sip:${"a b".repeat(300)}@pbx.test`, `sip:${"\u3000".repeat(200)}@pbx.test`]) {
    const once = clipUri(value);
    assert.equal(clipUri(once), once);
    assert.equal(clipText(once, LIMITS.uri), once);
    assert.equal(codePoints(once), LIMITS.uri);
    assert.ok(once.endsWith(MARK) && !once.endsWith(MARK + MARK));
  }
});

function events(bridge, notDelivered = []) {
  const clock = new FakeClock();
  return createCallEvents({
    bridge,
    clock,
    crypto: webcrypto,
    logger: { warn() {}, error() {} },
    onNotDelivered: (callId, why) => notDelivered.push([callId, why]),
  });
}

test("a created event with a 300-character display name goes to Java clipped", () => {
  const sent = [];
  const ev = events({ send: (m) => sent.push(m) });
  ev.created({
    direction: "inbound",
    account: "1001",
    profile: "main",
    localUri: "sip:1001@pbx.test",
    remoteUri: `sip:${"b".repeat(600)}@pbx.test`,
    remoteDisplayName: "x".repeat(300),
  });
  assert.equal(sent[0].remoteDisplayName, `${"x".repeat(255)}…`);
  assert.equal(codePoints(sent[0].remoteUri), 512);
});

test("an ended event carries the far end's User-Agent and Reason cleaned and clipped, once", () => {
  const sent = [];
  const ev = events({ send: (m) => sent.push(m) });
  const callId = ev.created({
    direction: "inbound",
    account: "1001",
    profile: "main",
    localUri: "sip:1001@pbx.test",
    remoteUri: "sip:2001@pbx.test",
  });
  const userAgent = `<script>x</script>\u0000\u202e🎉${"u".repeat(1000)}`;
  const reason = `SIP;cause=200;text="\ud800 ${"r".repeat(300)}"`;
  ev.ended(callId, { reason: "completed", endedBy: "remote", remoteUserAgent: userAgent, remoteReason: reason });
  const ended = sent.find((m) => m.event === "ended");
  assert.equal(codePoints(ended.remoteUserAgent), LIMITS.userAgent);
  assert.ok(ended.remoteUserAgent.startsWith("<script>x</script>\ufffd\u202e🎉u"));
  assert.ok(ended.remoteUserAgent.endsWith(MARK));
  assert.equal(codePoints(ended.remoteReason), LIMITS.reasonHeader);
  assert.ok(ended.remoteReason.includes("\ufffd"));
  assert.equal(
    clipText(ended.remoteUserAgent, LIMITS.userAgent),
    ended.remoteUserAgent,
    "clipping again changes nothing",
  );
});

test("Java refusing a call's event marks the call not delivered, once, through the bridge's answer", () => {
  const host = {
    deskphoneJava: {
      send: (json) =>
        JSON.parse(json).event === "created"
          ? JSON.stringify({ ok: false, error: "remoteUri: must be a sip:, sips: or tel: URI" })
          : '{"ok":true}',
    },
  };
  const bridge = createBridge({ host, onError: () => {} });
  const notDelivered = [];
  const ev = events(bridge, notDelivered);
  // Sent before Java attached: the refusal still reaches the call once the message goes.
  const id = ev.created({
    direction: "inbound",
    account: "1001",
    profile: "main",
    localUri: "sip:1001@pbx.test",
    remoteUri: "",
  });
  assert.deepEqual(notDelivered, []);
  bridge.attach();
  assert.equal(notDelivered.length, 1);
  assert.equal(notDelivered[0][0], id);
  assert.match(notDelivered[0][1], /remoteUri: must be/);
  host.deskphoneJava.send = () => {
    throw new Error("Java is gone");
  };
  ev.answered(id);
  assert.equal(notDelivered.length, 1, "said once per call");
});

function view() {
  const win = pageWindow();
  const container = win.document.getElementById("calls");
  return { win, container, view: createCallsView({ h: elementBuilder(win.document), container, onIntent: () => {} }) };
}

test("the far end's name is shown as text: markup stays characters, an RTL override stays inside its <bdi>", () => {
  const t = view();
  const name = "<img src=x onerror=alert(1)>\u202Egnp.exe";
  t.view.showCall({
    callId: "c1",
    account: "1001",
    direction: "inbound",
    remote: "sip:evil@pbx.test",
    remoteDisplayName: name,
    state: "ringing",
  });
  const remote = t.container.querySelector('[data-call-id="c1"] [data-role="remote"]');
  assert.equal(remote.querySelector("img"), null);
  assert.equal(remote.querySelector('bdi[data-role="remote-name"]').textContent, name);
  assert.equal(remote.querySelector('bdi[data-role="remote-uri"]').textContent, "sip:evil@pbx.test");
  assert.equal(remote.textContent, `${name} <sip:evil@pbx.test>`);
  t.view.showCall({
    callId: "c1",
    account: "1001",
    direction: "inbound",
    remote: "sip:evil@pbx.test",
    remoteDisplayName: name,
    state: "ended",
    reason: "missed",
  });
  const line = t.container.querySelector('#call-history li[data-call-id="c1"]');
  assert.equal(line.querySelector("img"), null);
  assert.equal(line.querySelector("bdi").textContent, name);
  t.win.close();
});

test("a call not delivered says so on its card, after re-rendering, and on its history line", () => {
  const t = view();
  const call = { callId: "c2", account: "1001", direction: "inbound", remote: "sip:2001@pbx.test", state: "ringing" };
  t.view.showCall(call);
  t.view.notDelivered("c2", "refused");
  const card = () => t.container.querySelector('article.call-card[data-call-id="c2"]');
  assert.equal(card().dataset.delivery, "not-delivered");
  assert.equal(card().querySelector('[data-role="delivery"]').textContent, "Not delivered");
  t.view.showCall({ ...call, state: "established" });
  assert.equal(card().querySelector('[data-role="delivery"]').textContent, "Not delivered");
  t.view.showCall({ ...call, state: "ended", reason: "completed" });
  const line = t.container.querySelector('#call-history li[data-call-id="c2"]');
  assert.equal(line.dataset.delivery, "not-delivered");
  assert.match(line.textContent, /Not delivered/);
  t.view.notDelivered("c3", "refused"); // ended before the backend refused it: marked when it shows
  t.view.showCall({ ...call, callId: "c3", state: "ended", reason: "missed" });
  assert.equal(t.container.querySelector('#call-history li[data-call-id="c3"]').dataset.delivery, "not-delivered");
  t.win.close();
});

test("no page module parses text as HTML, so nothing a caller sends can become markup", async () => {
  const { readdirSync } = await import("node:fs");
  const dir = new URL("../src/", import.meta.url);
  const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".js"));
  assert.ok(files.length > 10);
  for (const file of files) {
    const source = readFileSync(new URL(String(file), dir), "utf8").replace(/^\s*\/\/.*$/gm, "");
    assert.doesNotMatch(
      source,
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment/,
      String(file),
    );
  }
});
