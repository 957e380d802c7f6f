// A browser-like WebSocket whose connection runs in Java (app SipSockets; ADR 0005): the JavaFX
// WebView's own WebSocket can corrupt a SIP message that arrives in more than one socket read (it
// reuses one read buffer while WebKit parses the previous chunk later), which breaks every call.
// SIP.js's transport only needs: new WebSocket(url, "sip"), binaryType, addEventListener(open,
// message, close, error), send(text), close(code), readyState.
//
// Page -> Java: ws-open {socket, url, protocol, keepAliveSeconds?}, ws-send {socket, data},
// ws-close {socket, code}. Java pings the socket every keepAliveSeconds and closes it (1006) when no
// pong comes back, so a silently dead connection is noticed (SipSockets, KeepAlive).
// Java -> page: ws-event {socket, event: open|message|close|error, data?, code?, reason?}.

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** Returns a WebSocket class bound to the bridge. */
export function bridgeWebSocketClass(bridge) {
  const sockets = new Map();
  let seq = 0;
  const prefix = `ws${Date.now().toString(36)}`;

  bridge.on("ws-event", (msg) => sockets.get(msg.socket)?._event(msg));

  return class BridgeWebSocket {
    static CONNECTING = CONNECTING;
    static OPEN = OPEN;
    static CLOSING = CLOSING;
    static CLOSED = CLOSED;

    #listeners = new Map();

    constructor(url, protocol = "sip", { keepAliveSeconds } = {}) {
      this.url = url;
      this.protocol = Array.isArray(protocol) ? protocol[0] : protocol;
      this.binaryType = "blob";
      this.readyState = CONNECTING;
      this.id = `${prefix}-${++seq}`;
      sockets.set(this.id, this);
      const open = { type: "ws-open", socket: this.id, url, protocol: this.protocol };
      if (keepAliveSeconds !== undefined) open.keepAliveSeconds = keepAliveSeconds;
      bridge.send(open);
    }

    addEventListener(type, fn) {
      if (!this.#listeners.has(type)) this.#listeners.set(type, []);
      this.#listeners.get(type).push(fn);
    }

    removeEventListener(type, fn) {
      this.#listeners.set(
        type,
        (this.#listeners.get(type) || []).filter((l) => l !== fn),
      );
    }

    send(data) {
      if (this.readyState !== OPEN) throw new Error("WebSocket is not open");
      bridge.send({ type: "ws-send", socket: this.id, data: String(data) });
    }

    close(code = 1000, reason = "") {
      if (this.readyState === CLOSING || this.readyState === CLOSED) return;
      this.readyState = CLOSING;
      bridge.send({ type: "ws-close", socket: this.id, code, reason });
    }

    _event(msg) {
      switch (msg.event) {
        case "open":
          this.readyState = OPEN;
          this.#emit("open", { type: "open" });
          break;
        case "message":
          this.#emit("message", { type: "message", data: msg.data });
          break;
        case "error":
          this.#emit("error", { type: "error", message: msg.reason });
          break;
        case "close":
          this.readyState = CLOSED;
          sockets.delete(this.id);
          this.#emit("close", {
            type: "close",
            code: msg.code ?? 1006,
            reason: msg.reason || "",
            wasClean: msg.code === 1000,
          });
          break;
        default:
          break;
      }
    }

    #emit(type, event) {
      for (const fn of [...(this.#listeners.get(type) || [])]) fn(event);
      const handler = this[`on${type}`];
      if (typeof handler === "function") handler(event);
    }
  };
}
