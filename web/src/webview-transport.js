// SIP.js's WebSocket transport, adapted to the JavaFX WebView: its socket is the Java-run one.
//
// After ws.close() SIP.js's transport waits for the socket's "close" event, so ua.stop() does not
// resolve and the account cannot connect again (a new connect() chains onto the pending disconnect)
// until it fires. The WebView's own WebSocket never fired it; the Java socket fires it only when
// the far end answers the close or after its 2 s limit. This transport finishes the disconnect
// itself when the close is not reported within `closeTimeoutMs`; a late real close event is then
// ignored by SIP.js, which only listens to its current socket.

/**
 * @param {object} SIP the SIP.js namespace (window.SIP)
 * @param {{socketClass: Function, closeTimeoutMs?: number, setTimer?: Function, clearTimer?: Function}} options
 * @returns {Function} a Transport class for UserAgentOptions.transportConstructor
 */
export function webViewTransport(
  SIP,
  { closeTimeoutMs = 1000, setTimer = setTimeout, clearTimer = clearTimeout, socketClass } = {},
) {
  if (typeof socketClass !== "function") {
    throw new TypeError("webViewTransport: socketClass (the Java-run WebSocket of bridge-websocket.js) is required");
  }
  return class WebViewTransport extends SIP.Web.Transport {
    // SIP.js makes its socket with the global WebSocket, synchronously inside _connect(): the
    // Java-run socket (bridge-websocket.js) is put there for this one, told the account's keep-alive
    // interval (transportOptions.keepAliveSeconds), which Java pings at. The WebView's own WebSocket is
    // never used: it corrupts SIP messages (ADR 0007) and JavaFX after 21.0.2 lacks its natives.
    _connect() {
      const { keepAliveSeconds } = this.configuration;
      const original = globalThis.WebSocket;
      globalThis.WebSocket =
        keepAliveSeconds === undefined
          ? socketClass
          : class extends socketClass {
              constructor(url, protocol) {
                super(url, protocol, { keepAliveSeconds });
              }
            };
      try {
        return super._connect();
      } finally {
        globalThis.WebSocket = original;
      }
    }

    _disconnect() {
      const socket = this._ws;
      const disconnecting = super._disconnect();
      if (socket && this.state === SIP.TransportState.Disconnecting) {
        const timer = setTimer(() => {
          if (this._ws === socket) {
            this.logger.log(`WebSocket close not reported by the WebView within ${closeTimeoutMs} ms: closed locally`);
            this.onWebSocketClose({ code: 1000, reason: "closed locally", wasClean: false }, socket);
          }
        }, closeTimeoutMs);
        disconnecting.then(
          () => clearTimer(timer),
          () => clearTimer(timer),
        );
      }
      return disconnecting;
    }
  };
}
