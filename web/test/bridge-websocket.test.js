// The Java-run WebSocket as SIP.js's transport sees it: ws-* messages out, ws-event in.

import { test } from "node:test";
import assert from "node:assert/strict";
import { bridgeWebSocketClass } from "../src/bridge-websocket.js";

function fakeBridge() {
  const handlers = new Map();
  const sent = [];
  return {
    sent,
    on: (type, fn) => handlers.set(type, fn),
    send: (msg) => sent.push(msg),
    java: (msg) => handlers.get("ws-event")({ type: "ws-event", ...msg }),
  };
}

test("open, messages both ways, and a close from either side, in the browser WebSocket's shape", () => {
  const bridge = fakeBridge();
  const Socket = bridgeWebSocketClass(bridge);
  const ws = new Socket("ws://pbx.test:8080", "sip");
  const seen = [];
  for (const type of ["open", "message", "close", "error"])
    ws.addEventListener(type, (e) => seen.push([type, e.data ?? e.code]));
  assert.deepEqual(bridge.sent[0], { type: "ws-open", socket: ws.id, url: "ws://pbx.test:8080", protocol: "sip" });
  assert.equal(ws.readyState, Socket.CONNECTING);
  assert.throws(() => ws.send("too early"), /not open/);

  bridge.java({ socket: ws.id, event: "open" });
  assert.equal(ws.readyState, Socket.OPEN);
  ws.send("REGISTER sip:pbx.test SIP/2.0\r\n\r\n");
  assert.deepEqual(bridge.sent[1], { type: "ws-send", socket: ws.id, data: "REGISTER sip:pbx.test SIP/2.0\r\n\r\n" });
  bridge.java({ socket: ws.id, event: "message", data: "SIP/2.0 200 OK\r\n\r\n" });
  bridge.java({ socket: "someone-else", event: "message", data: "not ours" });

  ws.close(1000);
  assert.deepEqual(bridge.sent[2], { type: "ws-close", socket: ws.id, code: 1000, reason: "" });
  assert.equal(ws.readyState, Socket.CLOSING);
  bridge.java({ socket: ws.id, event: "close", code: 1000, reason: "" });
  assert.equal(ws.readyState, Socket.CLOSED);
  assert.deepEqual(seen, [
    ["open", undefined],
    ["message", "SIP/2.0 200 OK\r\n\r\n"],
    ["close", 1000],
  ]);
  // Events after the close are not delivered to a dead socket.
  bridge.java({ socket: ws.id, event: "message", data: "late" });
  assert.equal(seen.length, 3);
});

test("the account's keep-alive interval goes to Java with the open, and only when given", () => {
  const bridge = fakeBridge();
  const Socket = bridgeWebSocketClass(bridge);
  const watched = new Socket("ws://pbx.test:8080", "sip", { keepAliveSeconds: 5 });
  new Socket("ws://pbx.test:8080", "sip", { keepAliveSeconds: 0 }); // opened with keep-alive off
  const plain = new Socket("ws://pbx.test:8080", "sip");

  assert.deepEqual(bridge.sent[0], {
    type: "ws-open",
    socket: watched.id,
    url: "ws://pbx.test:8080",
    protocol: "sip",
    keepAliveSeconds: 5,
  });
  assert.equal(bridge.sent[1].keepAliveSeconds, 0);
  assert.ok(!("keepAliveSeconds" in bridge.sent[2]), `${plain.id} opened without one`);
});
