// SIP.js's WebSocket transport, adapted to the JavaFX WebView.
//
// The WebView's WebSocket (JavaFX 21, WebKit over Java sockets) never completes a close it started:
// after ws.close() the socket stays CLOSING and "close" never fires. SIP.js's transport waits for
// that event, so ua.stop() would never resolve and the account could never connect again (a new
// connect() chains onto the pending disconnect). This transport finishes the disconnect itself when
// the WebView has not reported the close within `closeTimeoutMs`; a late real close event is then
// ignored by SIP.js, which only listens to its current socket.

/**
 * @param {object} SIP the SIP.js namespace (window.SIP)
 * @param {{closeTimeoutMs?: number, setTimer?: Function, clearTimer?: Function}} [options]
 * @returns {Function} a Transport class for UserAgentOptions.transportConstructor
 */
export function webViewTransport(SIP, { closeTimeoutMs = 1000, setTimer = setTimeout, clearTimer = clearTimeout, socketClass = () => undefined } = {}) {
  return class WebViewTransport extends SIP.Web.Transport {
    // SIP.js makes its socket with the global WebSocket, synchronously inside _connect(): when
    // socketClass() names another (the Java-run socket, bridge-websocket.js), it is used for this one,
    // told the account's keep-alive interval (transportOptions.keepAliveSeconds), which Java pings at.
    _connect() {
      const Socket = socketClass();
      if (!Socket) return super._connect();
      const { keepAliveSeconds } = this.configuration;
      const original = globalThis.WebSocket;
      globalThis.WebSocket = keepAliveSeconds === undefined ? Socket : class extends Socket {
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
        disconnecting.then(() => clearTimer(timer), () => clearTimer(timer));
      }
      return disconnecting;
    }
  };
}
