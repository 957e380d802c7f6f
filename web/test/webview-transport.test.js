import test from "node:test";
import assert from "node:assert/strict";
import * as SIP from "sip.js";
import { webViewTransport } from "../src/webview-transport.js";

// A socket that opens, but never reports a close it was asked for (as the WebView's own WebSocket
// did, and a Java socket may for up to 2 s).
function silentCloseWebSocket(created) {
  return class SilentCloseWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    constructor(url, protocol) {
      this.url = url;
      this.protocol = protocol;
      this.readyState = 0;
      this.listeners = {};
      created.push(this);
      setTimeout(() => {
        this.readyState = 1;
        this.emit("open", {});
      }, 1);
    }
    addEventListener(type, listener) {
      (this.listeners[type] ||= []).push(listener);
    }
    emit(type, event) {
      (this.listeners[type] || []).forEach((l) => l(event));
    }
    send() {}
    close() {
      this.readyState = 2; // and nothing more
    }
  };
}

/** Node 18 and 20 have no global WebSocket (nor t.mock.property): install one for the test. */
function useWebSocket(t, WebSocketClass) {
  const previous = globalThis.WebSocket;
  globalThis.WebSocket = WebSocketClass;
  t.after(() => {
    globalThis.WebSocket = previous;
  });
}

/** The page's own WebSocket (the WebView's), which SIP must never use. */
class PageWebSocket {
  constructor() {
    throw new Error("the page's own WebSocket was used");
  }
}

const logger = new SIP.Core.LoggerFactory().getLogger("test");

function transportClass(socketClass, options) {
  return webViewTransport(SIP, { closeTimeoutMs: 30, socketClass, ...options });
}

test("the transport connects over the socket class it is given, never the page's own WebSocket", async (t) => {
  const created = [];
  useWebSocket(t, PageWebSocket);
  const transport = new (transportClass(silentCloseWebSocket(created)))(logger, { server: "ws://127.0.0.1:5066" });

  await transport.connect();

  assert.equal(transport.state, SIP.TransportState.Connected);
  assert.equal(created.length, 1);
  assert.equal(globalThis.WebSocket, PageWebSocket, "the page's WebSocket is back in place after connecting");
});

test("a transport without a socket class is refused: there is no WebView-socket fallback", () => {
  assert.throws(() => webViewTransport(SIP, {}), /socketClass .* is required/);
});

test("a disconnect finishes even though the socket never reports the close", async () => {
  const created = [];
  const Transport = transportClass(silentCloseWebSocket(created));
  const transport = new Transport(logger, { server: "ws://127.0.0.1:5066" });

  await transport.connect();
  assert.equal(transport.state, SIP.TransportState.Connected);

  const started = Date.now();
  await transport.disconnect();
  assert.equal(transport.state, SIP.TransportState.Disconnected);
  assert.ok(Date.now() - started < 1000);
  assert.equal(created[0].readyState, 2, "the socket itself is still closing");
});

test("after such a disconnect the transport connects again on a new socket", async () => {
  const created = [];
  const transport = new (transportClass(silentCloseWebSocket(created)))(logger, { server: "ws://127.0.0.1:5066" });

  await transport.connect();
  await transport.disconnect();
  await transport.connect();

  assert.equal(transport.state, SIP.TransportState.Connected);
  assert.equal(created.length, 2);
  // A late close event from the abandoned socket changes nothing.
  created[0].emit("close", { code: 1006, reason: "" });
  assert.equal(transport.state, SIP.TransportState.Connected);
});

test("SIP.js's own transport would wait for the close forever (why this exists)", async (t) => {
  const created = [];
  useWebSocket(t, silentCloseWebSocket(created));
  const transport = new SIP.Web.Transport(logger, { server: "ws://127.0.0.1:5066" });
  await transport.connect();

  const outcome = await Promise.race([
    transport.disconnect().then(() => "disconnected"),
    new Promise((resolve) => setTimeout(() => resolve("still waiting"), 200)),
  ]);
  assert.equal(outcome, "still waiting");
  assert.equal(transport.state, SIP.TransportState.Disconnecting);
});

test("a close the socket does report is used as it is, with no timer left behind", async () => {
  const created = [];
  const timers = [];
  const Transport = webViewTransport(SIP, {
    socketClass: silentCloseWebSocket(created),
    closeTimeoutMs: 10_000,
    setTimer: (fn, ms) => {
      const id = setTimeout(fn, ms);
      timers.push(id);
      return id;
    },
    clearTimer: (id) => {
      clearTimeout(id);
      timers.splice(timers.indexOf(id), 1);
    },
  });
  const transport = new Transport(logger, { server: "ws://127.0.0.1:5066" });
  await transport.connect();

  const disconnected = transport.disconnect();
  created[0].emit("close", { code: 1000, reason: "bye" });
  await disconnected;

  assert.equal(transport.state, SIP.TransportState.Disconnected);
  assert.equal(timers.length, 0);
});

test("the Java-run socket is made with the transport's keepAliveSeconds; the global WebSocket is put back", async (t) => {
  const created = [];
  const options = [];
  const Base = silentCloseWebSocket(created);
  class JavaSocket extends Base {
    constructor(url, protocol, extra) {
      super(url, protocol);
      options.push(extra);
    }
  }
  useWebSocket(t, PageWebSocket);
  const Transport = transportClass(JavaSocket);

  await new Transport(logger, { server: "ws://127.0.0.1:5066", keepAliveSeconds: 5 }).connect();
  await new Transport(logger, { server: "ws://127.0.0.1:5066" }).connect();

  assert.equal(created.length, 2);
  assert.deepEqual(options, [{ keepAliveSeconds: 5 }, undefined]);
  assert.equal(globalThis.WebSocket, PageWebSocket);
});
